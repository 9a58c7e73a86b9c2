// Damage maps (progressive enhancement; every map has a table or form fields beside it):
// - a list map: one marker per report, its severity as size and colour and its name in words
//   in a popup; markers stay out of the Tab order (the table carries the same reports);
// - a pick map on the report forms: a click fills in 緯度 and 経度 (the fields the form sends),
//   and a "use my position" button asks the browser for the current position.
// Configuration comes from a JSON data block (no inline script: the CSP stays strict).
(function () {
  "use strict";

  var STYLE = {
    minor: { color: "#1a1a1c", fillColor: "#ffffff", radius: 6 },
    moderate: { color: "#7a4b00", fillColor: "#f2b632", radius: 8 },
    serious: { color: "#8a0015", fillColor: "#e0324b", radius: 10 },
    critical: { color: "#000000", fillColor: "#b3001e", radius: 13 }
  };

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  function popup(properties) {
    var box = document.createElement("span");
    var name = document.createElement(properties.page ? "a" : "strong");
    if (properties.page) { name.href = properties.page; }
    name.textContent = properties.name || "";
    box.appendChild(name);
    if (properties.severity_name) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(properties.severity_name));
    }
    return box;
  }

  function reveal(element) {
    element.hidden = false;
    document.querySelectorAll('[data-map-credit="' + element.id + '"], [data-map-hint="' + element.id + '"]')
      .forEach(function (node) { node.hidden = false; });
  }

  function listMap(element, config) {
    reveal(element);
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var layer = L.geoJSON(config.geojson, {
      pointToLayer: function (feature, latlng) {
        var style = STYLE[(feature.properties || {}).severity] || STYLE.minor;
        return L.circleMarker(latlng, {
          radius: style.radius, color: style.color, weight: 3,
          fillColor: style.fillColor, fillOpacity: 0.9, keyboard: false
        });
      },
      onEachFeature: function (feature, marker) {
        if (feature.properties && feature.properties.name) { marker.bindPopup(popup(feature.properties)); }
      }
    }).addTo(map);
    if (config.geojson && config.geojson.features.length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [24, 24] });
    } else if (config.centre) {
      map.setView(config.centre, config.zoom || 14);
    }
  }

  function pickMap(element, config) {
    var latField = document.querySelector(element.getAttribute("data-pick-lat"));
    var lonField = document.querySelector(element.getAttribute("data-pick-lon"));
    if (!latField || !lonField) { return; }
    reveal(element);
    var status = document.querySelector("[data-geo-status]");
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var chosen = null;
    function choose(lat, lon, message) {
      lat = round(lat); lon = round(lon);
      latField.value = lat; lonField.value = lon;
      if (chosen) { chosen.setLatLng([lat, lon]); } else {
        chosen = L.circleMarker([lat, lon], { radius: 9, color: "#1a1a1c", weight: 3, fillColor: "#ffd43d", fillOpacity: 1 }).addTo(map);
      }
      if (status && message) { status.textContent = message.replace("%(lat)s", lat).replace("%(lon)s", lon); }
    }
    var lat = parseFloat(latField.value), lon = parseFloat(lonField.value);
    if (isFinite(lat) && isFinite(lon)) {
      map.setView([lat, lon], 16);
      choose(lat, lon, "");
    } else if (config.centre) {
      map.setView(config.centre, config.zoom || 14);
    }
    map.on("click", function (event) {
      choose(event.latlng.lat, event.latlng.lng, element.getAttribute("data-picked-message"));
    });
    var button = document.querySelector("[data-use-position]");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (status) { status.textContent = button.getAttribute("data-waiting-message"); }
        navigator.geolocation.getCurrentPosition(function (position) {
          choose(position.coords.latitude, position.coords.longitude, button.getAttribute("data-found-message"));
          map.setView([position.coords.latitude, position.coords.longitude], 16);
        }, function () {
          if (status) { status.textContent = button.getAttribute("data-failed-message"); }
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".damage-map[data-damage-map]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-damage-map"));
      if (!source) { return; }
      var config = JSON.parse(source.textContent);
      if (element.hasAttribute("data-pick-lat")) { pickMap(element, config); } else { listMap(element, config); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
