// Facility maps (progressive enhancement over the table and the form fields):
// - the map of the list page and of the staff form; a click on it fills in 緯度 and 経度,
//   the fields the form submits, so the form stays the real input;
// - a "現在地を使う" button that does the same from the browser's geolocation.
// Messages come from data attributes the server translated; no inline script (strict CSP).
(function () {
  "use strict";

  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  function say(status, message, lat, lon) {
    if (status && message) {
      status.textContent = message.replace("%(lat)s", lat).replace("%(lon)s", lon);
    }
  }

  function initMap(element) {
    var source = document.getElementById(element.getAttribute("data-facility-map"));
    if (!source) { return; }
    var config = JSON.parse(source.textContent);
    element.hidden = false;
    var credit = document.querySelector('[data-map-credit="' + element.id + '"]');
    if (credit) { credit.hidden = false; }
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var layer = L.geoJSON(config.geojson, {
      // The table lists the same places with their links, so markers stay out of the Tab order.
      pointToLayer: function (feature, latlng) {
        var name = (feature.properties && feature.properties.name) || "";
        return L.marker(latlng, { keyboard: false, alt: name, title: name });
      },
      onEachFeature: function (feature, marker) {
        var properties = feature.properties || {};
        if (!properties.name) { return; }
        var content = document.createElement(properties.page ? "a" : "span");
        if (properties.page) { content.href = properties.page; }
        content.textContent = properties.name;
        marker.bindPopup(content);
      }
    }).addTo(map);

    var chosen = null;
    function mark(lat, lon) {
      if (chosen) { chosen.setLatLng([lat, lon]); return; }
      chosen = L.circleMarker([lat, lon], {
        radius: 9, color: "#1a1a1c", weight: 3, fillColor: "#ffd43d", fillOpacity: 1
      }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    if (config.geojson.features.length) { bounds.extend(layer.getBounds()); }
    if (config.origin) {
      mark(config.origin[0], config.origin[1]);
      bounds.extend(config.origin);
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
    } else if (config.centre) {
      map.setView(config.centre, config.zoom || 14);
    }

    var latField = document.querySelector(element.getAttribute("data-pick-lat") || "#-");
    var lonField = document.querySelector(element.getAttribute("data-pick-lon") || "#-");
    if (!latField || !lonField) { return; }
    var status = element.parentNode.querySelector("[data-geo-status]") ||
      document.querySelector("[data-geo-status]");
    map.on("click", function (event) {
      var lat = round(event.latlng.lat, 5);
      var lon = round(event.latlng.lng, 5);
      latField.value = lat;
      lonField.value = lon;
      mark(lat, lon);
      say(status, element.getAttribute("data-picked-message"), lat, lon);
    });
    document.querySelectorAll("[data-map-hint]").forEach(function (hint) { hint.hidden = false; });
  }

  function initGeolocation(button) {
    if (!("geolocation" in navigator)) { return; }
    var latField = document.querySelector(button.getAttribute("data-pick-lat"));
    var lonField = document.querySelector(button.getAttribute("data-pick-lon"));
    var status = document.querySelector("[data-geo-status]");
    if (!latField || !lonField) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      say(status, button.getAttribute("data-locating-message"), "", "");
      navigator.geolocation.getCurrentPosition(function (position) {
        // About 100 m is enough to sort by distance and keeps a precise location out of the
        // address bar and the browser history (the form is a GET form).
        var lat = round(position.coords.latitude, 3);
        var lon = round(position.coords.longitude, 3);
        latField.value = lat;
        lonField.value = lon;
        say(status, button.getAttribute("data-found-message"), lat, lon);
      }, function () {
        say(status, button.getAttribute("data-error-message"), "", "");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });
  }

  function init() {
    document.querySelectorAll("[data-geolocate]").forEach(initGeolocation);
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".facility-map[data-facility-map]").forEach(initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
