// Progressive enhancement: turn every .map element into a Leaflet map with GSI tiles.
// The configuration comes from a JSON data block (no inline script, so the CSP stays strict).
(function () {
  "use strict";
  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".map[data-map-config]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-map-config"));
      if (!source) { return; }
      var config = JSON.parse(source.textContent);
      element.hidden = false;
      var credit = document.querySelector('[data-map-credit="' + element.id + '"]');
      if (credit) { credit.hidden = false; }
      var map = L.map(element, { keyboard: true, scrollWheelZoom: false });
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
      var layer = L.geoJSON(config.geojson, {
        onEachFeature: function (feature, marker) {
          if (feature.properties && feature.properties.name) {
            marker.bindPopup(document.createTextNode(feature.properties.name));
          }
        }
      }).addTo(map);
      if (config.geojson.features.length) {
        map.fitBounds(layer.getBounds(), { maxZoom: config.zoom || 15, padding: [24, 24] });
      } else if (config.centre) {
        map.setView(config.centre, config.zoom || 14);
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
