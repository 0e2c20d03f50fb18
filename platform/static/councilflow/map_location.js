// Map location questions and the officer's case map (Leaflet, loaded before this module).
// [data-cf-map]: a click on the map (or "Use the centre of the map") sets the question's hidden lat/lng
// inputs. [data-cf-map-show]: one point shown. Without JavaScript the maps stay hidden: the resident
// describes the place in words, the officer reads the coordinates and follows the link.
function cfEscape(text) {
  var div = document.createElement("div");
  div.textContent = text || "";
  return div.innerHTML; // Leaflet writes the attribution as HTML: the council's words stay words
}

function cfMapNew(box, canvas) {
  var L = window.L;
  box.hidden = false;
  var map = L.map(canvas);
  map.attributionControl.setPrefix(false);
  L.tileLayer(box.dataset.tiles, { attribution: cfEscape(box.dataset.attribution), maxZoom: 19 }).addTo(map);
  return map;
}

function cfMapPick(box) {
  var L = window.L;
  var name = box.dataset.name;
  var lat = document.getElementById(name + "-lat");
  var lng = document.getElementById(name + "-lng");
  var chosen = box.querySelector("[data-cf-map-chosen]");
  var map = cfMapNew(box, document.getElementById(name + "-map"));
  var marker = null;
  function place(at) {
    if (marker) { marker.setLatLng(at); } else { marker = L.marker(at, { keyboard: false }).addTo(map); }
    lat.value = at.lat.toFixed(6);
    lng.value = at.lng.toFixed(6);
    chosen.textContent = box.dataset.chosen.replace("%s", lat.value + ", " + lng.value);
  }
  var bounds = box.dataset.bounds ? box.dataset.bounds.split(",").map(Number) : null;
  if (lat.value && lng.value) {
    map.setView([Number(lat.value), Number(lng.value)], 17);
    place(L.latLng(Number(lat.value), Number(lng.value)));
  } else if (bounds) {
    map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]);
  } else {
    map.setView(box.dataset.centre.split(",").map(Number), Number(box.dataset.zoom));
  }
  map.on("click", function (event) { place(event.latlng); });
  box.querySelector("[data-cf-map-centre]").addEventListener("click", function () { place(map.getCenter()); });
}

function cfMapShow(box) {
  var point = box.dataset.point.split(",").map(Number);
  var map = cfMapNew(box, box.querySelector("[data-cf-map-canvas]"));
  map.setView(point, 17);
  window.L.marker(point, { keyboard: false }).addTo(map);
}

if (window.L) {
  document.querySelectorAll("[data-cf-map]").forEach(cfMapPick);
  document.querySelectorAll("[data-cf-map-show]").forEach(cfMapShow);
}
