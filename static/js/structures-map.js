/* The directory's map: an enhancement of the list, which stays complete without it.
   Reads its settings from data- attributes (no inline script: the CSP forbids them). */
(function () {
  "use strict";

  function popupContent(properties) {
    var wrapper = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var place = document.createElement("p");
    place.textContent = properties.city + " · " + properties.kind;
    wrapper.appendChild(link);
    wrapper.appendChild(place);
    return wrapper;
  }

  function markerFor(feature) {
    var coordinates = feature.geometry.coordinates;
    var marker = L.marker([coordinates[1], coordinates[0]], {
      title: feature.properties.name,
      alt: feature.properties.name,
      keyboard: true,
    });
    marker.bindPopup(popupContent(feature.properties));
    return marker;
  }

  function setUp(element) {
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, {
      attribution: element.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
    map.setView([46.6, 2.4], 5);
    element.classList.add("map-ready");
    var status = document.getElementById(element.dataset.status || "");

    if (element.dataset.latitude) {
      var point = [parseFloat(element.dataset.latitude), parseFloat(element.dataset.longitude)];
      L.marker(point, { title: element.dataset.name, alt: element.dataset.name }).addTo(map);
      map.setView(point, 13);
      return;
    }
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (collection) {
        var group = L.markerClusterGroup();
        collection.features.forEach(function (feature) { group.addLayer(markerFor(feature)); });
        map.addLayer(group);
        element.dataset.markers = String(collection.features.length);
        if (collection.features.length) {
          map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 12 });
        }
        if (status) { status.textContent = status.dataset.template.replace("%s", collection.features.length); }
      })
      .catch(function () {
        if (status) { status.textContent = status.dataset.error; }
      });
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    var fallback = element.querySelector(".map-fallback");
    if (fallback) { fallback.remove(); }
    setUp(element);
  });
})();
