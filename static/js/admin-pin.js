/* Admin: a map under the coordinates of a structure; drag the pin to move it. */
(function () {
  "use strict";
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
    var marker = L.marker(start, { draggable: true, keyboard: true, title: pin ? pin.content : "" }).addTo(map);
    function write(point) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      lat.dispatchEvent(new Event("change"));
    }
    marker.on("dragend", function () { write(marker.getLatLng()); });
    map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
  }
  document.addEventListener("DOMContentLoaded", ready);
})();
