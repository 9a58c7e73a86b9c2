import pytest
from .flows import sign_in
pytestmark = pytest.mark.e2e

def test_dump(page, ward, resident, live_server):
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/nope/", "/preferences/"]:
        page.goto(path)
        open(f"/tmp/e2e_scratch/{path.strip('/').replace('/', '_') or 'home'}.html", "w").write(page.content())
    sign_in(page, resident)
    print("after sign in", page.url)
    page.goto("/mypage/profile/")
    open("/tmp/e2e_scratch/profile.html", "w").write(page.content())
