/* Signage screen: rotate the server-rendered slides, keep the clock, and ask content.json
   every few seconds whether anything shown has changed (a new notice, an override, its end).
   When it has, reload the page at the current slide: the server renders every state, so
   there is one way of drawing a slide. Without this script the page's <meta refresh> (in
   <noscript>) does the same job. */
(function () {
  "use strict";

  var body = document.body;
  var data = body.dataset;
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slides] > .slide"));
  var positionText = document.querySelector("[data-position]");
  var pauseLink = document.querySelector('[data-action="pause"]');
  var clock = document.querySelector("[data-clock]");
  var slideMs = Math.max(5, parseInt(data.seconds, 10) || 15) * 1000;
  var pollMs = Math.max(1, parseInt(data.pollSeconds, 10) || 5) * 1000;
  var paused = data.paused === "1";
  var current = 0;
  var timer = null;

  slides.forEach(function (slide, index) {
    if (!slide.hidden) current = index;
  });

  function query() {
    return "?slide=" + (current + 1) + (paused ? "&pause=1" : "");
  }

  function show(index) {
    if (!slides.length) return;
    current = (index + slides.length) % slides.length;
    slides.forEach(function (slide, i) {
      slide.hidden = i !== current;
    });
    if (positionText) positionText.textContent = String(current + 1);
    // Keep the address in step, so that a reload (or a bookmark) comes back to this slide.
    window.history.replaceState(null, "", query());
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!paused && slides.length > 1) {
      timer = window.setTimeout(function () {
        show(current + 1);
        schedule();
      }, slideMs);
    }
  }

  function setPaused(value) {
    paused = value;
    if (pauseLink) {
      pauseLink.textContent = paused ? data.resumeLabel : data.pauseLabel;
      pauseLink.setAttribute("aria-pressed", paused ? "true" : "false");
    }
    window.history.replaceState(null, "", query());
    schedule();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!link) return;
    event.preventDefault();
    var action = link.getAttribute("data-action");
    if (action === "next") show(current + 1);
    if (action === "previous") show(current - 1);
    if (action === "pause") {
      setPaused(!paused);
      return;
    }
    schedule(); // a slide chosen by hand gets its full time
  });

  if (pauseLink) {
    // The link works as a toggle button once this script runs.
    pauseLink.setAttribute("role", "button");
    pauseLink.setAttribute("aria-pressed", paused ? "true" : "false");
    pauseLink.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        setPaused(!paused);
      }
    });
  }

  // --- clock ------------------------------------------------------------------------------
  var shownDay = null;
  function tick() {
    var now = new Date();
    if (clock) {
      try {
        var parts = new Intl.DateTimeFormat("en-GB", {
          hour: "numeric", minute: "2-digit", hourCycle: "h23", timeZone: data.timeZone,
        }).formatToParts(now);
        var hour = parts.find(function (p) { return p.type === "hour"; }).value;
        var minute = parts.find(function (p) { return p.type === "minute"; }).value;
        clock.textContent = String(parseInt(hour, 10)) + ":" + minute;
        var day = new Intl.DateTimeFormat("en-CA", { timeZone: data.timeZone }).format(now);
        if (shownDay !== null && day !== shownDay) {
          window.location.replace(query()); // a new day: today's date and events
          return;
        }
        shownDay = day;
      } catch (error) {
        // An unknown time zone: leave the server's time as it is.
      }
    }
    window.setTimeout(tick, 1000 * (60 - now.getSeconds()) + 50);
  }

  // --- polling ----------------------------------------------------------------------------
  function poll() {
    if (!data.contentUrl) return; // staff preview: nothing to follow
    window.fetch(data.contentUrl, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) {
          window.location.reload(); // switched off or renamed: show what the server says
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (payload) {
        if (payload && payload.version !== data.version) {
          window.location.replace(query());
        }
      })
      .catch(function () {
        // Network trouble: keep showing what is on screen and ask again at the next poll.
      })
      .then(function () {
        window.setTimeout(poll, pollMs);
      });
  }

  show(current);
  schedule();
  tick();
  window.setTimeout(poll, pollMs);
})();
