import getpass

from django.core.management.base import BaseCommand, CommandError

from kuyakusho.accounts.models import Role
from kuyakusho.accounts.services import create_staff
from kuyakusho.core.models import Department


class Command(BaseCommand):
    help = "Create a staff account in a department with a role. A second factor is enrolled at first sign-in."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")
        parser.add_argument("--department", required=True, help="department code, e.g. road")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="omit to be asked (recommended)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        department = Department.objects.filter(code=options["department"]).first()
        if department is None:
            codes = ", ".join(Department.objects.values_list("code", flat=True))
            raise CommandError(f"unknown department {options['department']!r}; known: {codes}")
        password = options["password"] or getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("the password must be at least 10 characters")
        user = create_staff(
            email=options["email"], password=password, department=department, role=options["role"]
        )
        self.stdout.write(f"staff account user:{user.pk} in {department.code} as {options['role']}")
