// Citizen report maps (progressive enhancement: every map has a list or fields beside it):
// - the list and a report's page: one marker per report, its state as colour and words in
//   the popup; markers stay out of the Tab order (the table carries the same links);
// - the report form: "use my position" (the device's GPS) and a click on the map fill in
//   緯度 and 経度, the fields the form submits without JavaScript too.
// Configuration comes from a JSON data block (no inline script: the CSP stays strict).
(function () {
  "use strict";

  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  function say(text) {
    var status = document.querySelector("[data-geo-status]");
    if (status) { status.textContent = text; }
  }

  function popup(p) {
    var box = document.createElement("span");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.reference + " " + (p.category_name || "");
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(p.state_label || ""));
    return box;
  }

  function initMap(element) {
    var source = document.getElementById(element.getAttribute("data-report-map"));
    if (!source || typeof L === "undefined") { return; }
    var config = JSON.parse(source.textContent) || {};
    element.hidden = false;
    document.querySelectorAll('[data-map-credit="' + element.id + '"], [data-map-legend="' + element.id + '"], [data-map-hint]')
      .forEach(function (node) { node.hidden = false; });
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var features = (config.geojson || { features: [] }).features;
    if (features.length) {
      var layer = L.geoJSON(config.geojson, {
        pointToLayer: function (feature, latlng) {
          var colour = (feature.properties || {}).colour || "#444";
          return L.circleMarker(latlng, {
            radius: 9, color: "#1a1a1c", weight: 2, fillColor: colour, fillOpacity: 1, keyboard: false
          });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { maxZoom: config.zoom || 16, padding: [24, 24] });
    } else if (config.centre) {
      map.setView(config.centre, config.zoom || 14);
    }
    var latField = document.querySelector(element.getAttribute("data-pick-lat") || "#-");
    var lonField = document.querySelector(element.getAttribute("data-pick-lon") || "#-");
    if (!latField || !lonField) { return; }
    var chosen = null;
    function place(lat, lon, message) {
      lat = round(lat, 6);
      lon = round(lon, 6);
      latField.value = lat;
      lonField.value = lon;
      if (chosen) { chosen.setLatLng([lat, lon]); } else {
        chosen = L.circleMarker([lat, lon], {
          radius: 10, color: "#1a1a1c", weight: 3, fillColor: "#ffd43d", fillOpacity: 1
        }).addTo(map);
      }
      if (message) { say(message.replace("%(lat)s", lat).replace("%(lon)s", lon)); }
    }
    if (latField.value && lonField.value && !isNaN(+latField.value) && !isNaN(+lonField.value)) {
      place(+latField.value, +lonField.value, "");
      map.setView([+latField.value, +lonField.value], 17);
    }
    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng, element.getAttribute("data-picked-message"));
    });
    var button = document.querySelector("[data-use-position]");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        say(button.getAttribute("data-waiting-message"));
        navigator.geolocation.getCurrentPosition(function (position) {
          place(position.coords.latitude, position.coords.longitude, button.getAttribute("data-found-message"));
          map.setView([position.coords.latitude, position.coords.longitude], 17);
        }, function () {
          say(button.getAttribute("data-failed-message"));
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  document.querySelectorAll("[data-report-map]").forEach(initMap);
}());
