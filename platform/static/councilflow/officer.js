/* Presence on the case page: a heartbeat every few seconds refreshes "X has had this case open since",
   and leaving the page tells the server at once. Without JavaScript the banner still shows on load. */
(function () {
  var box = document.getElementById("presence");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var seconds = parseFloat(box.getAttribute("data-heartbeat")) || 15;
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  function beat() {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && box.innerHTML !== html) box.innerHTML = html; })
      .catch(function () { /* offline for a moment: the next beat tries again */ });
  }
  setInterval(beat, seconds * 1000);
  window.addEventListener("pagehide", function () {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("leave", "1");
    navigator.sendBeacon(url, body);
  });
})();
