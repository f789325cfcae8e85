/*
 * The map of places, on top of a page that already works without it.
 *
 * The server renders the filter form and the list of places; this script adds a Leaflet map fed by
 * the GeoJSON API (markers clustered with leaflet.markercluster) and applies the form's filters
 * without reloading: it fetches the same page for the new list and the GeoJSON for the markers.
 * On a place's page it shows that place alone. Every text comes from the page (data-* attributes),
 * translated by Django.
 */
(function () {
  "use strict";

  var FILTERS = ["kind", "city"];

  function escapeHtml(value) {
    var element = document.createElement("span");
    element.textContent = value == null ? "" : String(value);
    return element.innerHTML;
  }

  function createMap(container) {
    var data = container.dataset;
    var map = L.map(container, {
      center: [parseFloat(data.latitude), parseFloat(data.longitude)],
      zoom: parseInt(data.zoom, 10),
      zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
    var notice = container.parentNode.querySelector("[data-map-notice]");
    var showNotice = function () {
      if (notice) notice.hidden = false;
    };
    if (data.tileUrl) {
      var tiles = L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 });
      // One failed tile is enough to say so; markers and the list do not depend on tiles.
      tiles.once("tileerror", showNotice);
      tiles.addTo(map);
    } else {
      showNotice();
    }
    handlePopupFocus(map, container);
    return map;
  }

  // Leaflet closes a popup on Escape only while the map container itself has focus, not a marker
  // or the link inside the popup. Here: a popup opened from a focused marker takes the focus, and
  // Escape anywhere in the map closes it and gives the focus back to the marker.
  function handlePopupFocus(map, container) {
    var openPopup = null;
    var opener = null;
    map.on("popupopen", function (event) {
      openPopup = event.popup;
      var element = openPopup.getElement();
      var close = element.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", container.dataset.labelClose);
      var focused = document.activeElement;
      opener = focused !== container && container.contains(focused) ? focused : null;
      var link = element.querySelector(".map-popup a");
      if (opener && link) link.focus();
    });
    map.on("popupclose", function (event) {
      if (event.popup === openPopup) openPopup = null;
    });
    container.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !openPopup) return;
      var restore = opener;
      map.closePopup(openPopup);
      if (restore && document.body.contains(restore)) restore.focus();
      event.preventDefault();
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // Built as nodes, not HTML strings: names and cities are editors' text.
  function popupContent(feature, data) {
    var properties = feature.properties;
    var popup = element("div", "map-popup");
    popup.appendChild(element("p", "map-popup__name")).appendChild(element("strong", null, properties.name));
    popup.appendChild(element("p", "map-popup__meta", properties.kind_label + " – " + properties.address_locality));
    var link = element("a", null, data.labelLink);
    link.href = data.placeUrl.replace("__slug__", encodeURIComponent(properties.slug));
    popup.appendChild(element("p")).appendChild(link);
    return popup;
  }

  function placeMarker(latLng, name) {
    return L.marker(latLng, { title: name, alt: name, keyboard: true });
  }

  function markerLayer(data) {
    if (!L.markerClusterGroup) return L.featureGroup();
    return L.markerClusterGroup({
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var label = data.labelCluster.replace("__count__", count);
        return L.divIcon({
          html: '<div><span aria-hidden="true">' + count + '</span><span class="visually-hidden">' +
            escapeHtml(label) + "</span></div>",
          className: "marker-cluster marker-cluster-" + size,
          iconSize: L.point(40, 40),
        });
      },
    });
  }

  function filterQuery(form) {
    var query = new URLSearchParams();
    var formData = new FormData(form);
    FILTERS.forEach(function (name) {
      var value = formData.get(name);
      if (value) query.set(name, value);
    });
    return query;
  }

  function geojsonUrl(base, query) {
    var url = new URL(base, window.location.href);
    FILTERS.forEach(function (name) {
      url.searchParams.delete(name);
      if (query.has(name)) url.searchParams.set(name, query.get(name));
    });
    return url.toString();
  }

  function fetchOk(url, accept) {
    return fetch(url, { headers: { Accept: accept }, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return accept === "text/html" ? response.text() : response.json();
    });
  }

  function setupPlacesMap(container) {
    var data = container.dataset;
    var map = createMap(container);
    var layer = markerLayer(data).addTo(map);
    var form = document.querySelector("form.map-filters");
    var list = document.getElementById("liste-des-lieux");
    var count = document.querySelector("[data-map-count]");
    var generation = 0;

    function showMarkers(collection, fit) {
      layer.clearLayers();
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        placeMarker([coordinates[1], coordinates[0]], feature.properties.name)
          .bindPopup(popupContent(feature, data))
          .addTo(layer);
      });
      if (fit && collection.features.length) {
        // More room at the top: a marker's pin stands above its point.
        map.fitBounds(layer.getBounds(), {
          paddingTopLeft: [24, 48],
          paddingBottomRight: [24, 24],
          maxZoom: 13,
          animate: false,
        });
      }
    }

    function showList(html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var newList = page.getElementById("liste-des-lieux");
      var newCount = page.querySelector("[data-map-count]");
      if (newList && list) list.innerHTML = newList.innerHTML;
      // Only the text changes, so the live region announces the new count.
      if (newCount && count) count.textContent = newCount.textContent;
    }

    function apply(query) {
      var current = ++generation;
      var search = query.toString();
      var pageUrl = window.location.pathname + (search ? "?" + search : "");
      history.replaceState(null, "", pageUrl);
      Promise.all([fetchOk(pageUrl, "text/html"), fetchOk(geojsonUrl(data.geojsonUrl, query), "application/geo+json")])
        .then(function (results) {
          if (current !== generation) return;
          showList(results[0]);
          showMarkers(results[1], true);
        })
        .catch(function () {
          // Without the server's answer, fall back to what the form does without JavaScript.
          if (current === generation) form.submit();
        });
    }

    fetchOk(geojsonUrl(data.geojsonUrl, form ? filterQuery(form) : new URLSearchParams()), "application/geo+json")
      .then(function (collection) {
        showMarkers(collection, false);
      })
      .catch(function () {
        container.parentNode.hidden = true;
      });

    if (form) {
      form.addEventListener("change", function () {
        apply(filterQuery(form));
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        apply(filterQuery(form));
      });
    }
  }

  function setupPlaceMap(container) {
    var map = createMap(container);
    placeMarker(map.getCenter(), container.dataset.markerName).addTo(map);
  }

  function init() {
    var container = document.getElementById("map");
    if (!container || typeof L === "undefined") return;
    var area = container.closest("[data-map-area]");
    if (area) area.hidden = false;
    if (container.dataset.geojsonUrl) {
      setupPlacesMap(container);
    } else if (container.dataset.markerName) {
      setupPlaceMap(container);
    } else if (area) {
      area.hidden = true;
    }
  }

  init();
})();
