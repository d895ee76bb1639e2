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

  // A cluster is a button (Enter or a click zooms in on it): its name says what it holds,
  // not only a number.
  function clusterIconFor(template) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var circle = document.createElement("div");
      var number = document.createElement("span");
      number.textContent = String(count);
      number.setAttribute("aria-hidden", "true");
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = template.replace("%s", count);
      circle.appendChild(number);
      circle.appendChild(name);
      return L.divIcon({
        html: circle,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      });
    };
  }

  function statusText(status, count) {
    // "one" covers 0 and 1 in French, only 1 in English.
    var form = new Intl.PluralRules(document.documentElement.lang || "fr").select(count);
    var template = (form === "one" && status.dataset.templateOne) || status.dataset.template;
    return template.replace("%s", count);
  }

  function setUp(element) {
    // The map's final size comes with this class: Leaflet measures its container once, when
    // it is created, and would otherwise fit the markers into the fallback's small box.
    element.classList.add("map-ready");
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, {
      attribution: element.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
    map.setView([46.6, 2.4], 5);
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
        var group = L.markerClusterGroup(
          element.dataset.clusterLabel ? { iconCreateFunction: clusterIconFor(element.dataset.clusterLabel) } : {}
        );
        collection.features.forEach(function (feature) { group.addLayer(markerFor(feature)); });
        map.addLayer(group);
        if (collection.features.length) {
          // At once, not animated: once data-markers is set, the markers stand still.
          map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 12, animate: false });
        }
        element.dataset.markers = String(collection.features.length);
        if (status) { status.textContent = statusText(status, collection.features.length); }
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
