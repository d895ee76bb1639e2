/* Admin: a map under the coordinates of a structure. The pin follows the coordinate
   fields; moving it (drag, click on the map, or arrow keys on the focused pin) fills them. */
(function () {
  "use strict";
  var STEP = 10; // pixels per arrow key press; with Shift, a tenth of that
  var ARROWS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

  function ready() {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    if (!lat || !lon || typeof L === "undefined") { return; }
    var box = document.createElement("div");
    box.className = "admin-pin-map";
    box.setAttribute("role", "region");
    var label = document.querySelector('meta[name="map-label"]');
    var pin = document.querySelector('meta[name="map-pin"]');
    box.setAttribute("aria-label", label ? label.content : "");
    lon.closest(".form-row").after(box);
    var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [46.6, 2.4];
    var map = L.map(box).setView(start, lat.value ? 13 : 5);
    var tiles = document.querySelector('meta[name="map-tiles"]');
    var attribution = document.querySelector('meta[name="map-attribution"]');
    L.tileLayer(tiles ? tiles.content : "", {
      attribution: attribution ? attribution.content : "", maxZoom: 18,
    }).addTo(map);
    var title = pin ? pin.content : "";
    var marker = L.marker(start, { draggable: true, keyboard: true, title: title, alt: title }).addTo(map);

    function write(point) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
    }
    function follow() {
      var point = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
      if (isFinite(point.lat) && isFinite(point.lng) && Math.abs(point.lat) <= 90) {
        marker.setLatLng(point);
        map.panTo(point);
      }
    }
    marker.on("dragend", function () { write(marker.getLatLng()); });
    map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
    lat.addEventListener("change", follow);
    lon.addEventListener("change", follow);
    marker.getElement().addEventListener("keydown", function (event) {
      var direction = ARROWS[event.key];
      if (!direction) { return; }
      event.preventDefault();
      event.stopPropagation(); // the map would pan instead
      var step = event.shiftKey ? STEP / 10 : STEP;
      var point = map.latLngToContainerPoint(marker.getLatLng()).add([direction[0] * step, direction[1] * step]);
      var moved = map.containerPointToLatLng(point);
      marker.setLatLng(moved);
      write(moved);
    });
  }
  document.addEventListener("DOMContentLoaded", ready);
})();
