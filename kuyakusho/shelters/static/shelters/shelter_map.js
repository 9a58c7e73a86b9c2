// Shelter maps (progressive enhancement over the table and the form fields):
// - the public list's map: one marker per shelter with its status as a shape and colour, a
//   popup with the name (a link to its page) and the status in words; markers stay out of the
//   Tab order because the table beside the map carries the same places and links;
// - the registry form's map: a click fills in 緯度 and 経度, the fields the form submits.
// The configuration comes from a JSON data block (no inline script, so the CSP stays strict).
(function () {
  "use strict";

  var STYLE = {
    open: { color: "#115a36", fillColor: "#1f8a55", radius: 10 },
    full: { color: "#b3001e", fillColor: "#e0324b", radius: 10 },
    closed: { color: "#4d4d52", fillColor: "#ffffff", radius: 7 }
  };

  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  function popup(properties) {
    var box = document.createElement("span");
    var name = document.createElement(properties.page ? "a" : "strong");
    if (properties.page) { name.href = properties.page; }
    name.textContent = properties.name || "";
    box.appendChild(name);
    if (properties.status_name) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(properties.status_name));
    }
    return box;
  }

  function initMap(element) {
    var source = document.getElementById(element.getAttribute("data-shelter-map"));
    if (!source) { return; }
    var config = JSON.parse(source.textContent);
    element.hidden = false;
    document.querySelectorAll('[data-map-credit="' + element.id + '"], [data-map-legend="' + element.id + '"]')
      .forEach(function (node) { node.hidden = false; });
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var layer = L.geoJSON(config.geojson, {
      pointToLayer: function (feature, latlng) {
        var style = STYLE[(feature.properties || {}).status] || STYLE.closed;
        return L.circleMarker(latlng, {
          radius: style.radius, color: style.color, weight: 3,
          fillColor: style.fillColor, fillOpacity: 1, keyboard: false
        });
      },
      onEachFeature: function (feature, marker) {
        if (feature.properties && feature.properties.name) {
          marker.bindPopup(popup(feature.properties));
        }
      }
    }).addTo(map);
    if (config.geojson.features.length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [24, 24] });
    } else if (config.centre) {
      map.setView(config.centre, config.zoom || 14);
    }

    var latField = document.querySelector(element.getAttribute("data-pick-lat") || "#-");
    var lonField = document.querySelector(element.getAttribute("data-pick-lon") || "#-");
    if (!latField || !lonField) { return; }
    var status = document.querySelector("[data-geo-status]");
    var chosen = null;
    map.on("click", function (event) {
      var lat = round(event.latlng.lat, 6);
      var lon = round(event.latlng.lng, 6);
      latField.value = lat;
      lonField.value = lon;
      if (chosen) { chosen.setLatLng([lat, lon]); } else {
        chosen = L.circleMarker([lat, lon], {
          radius: 9, color: "#1a1a1c", weight: 3, fillColor: "#ffd43d", fillOpacity: 1
        }).addTo(map);
      }
      var message = element.getAttribute("data-picked-message");
      if (status && message) {
        status.textContent = message.replace("%(lat)s", lat).replace("%(lon)s", lon);
      }
    });
    document.querySelectorAll("[data-map-hint]").forEach(function (hint) { hint.hidden = false; });
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".shelter-map[data-shelter-map]").forEach(initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
