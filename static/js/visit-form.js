// The phone's visit form (templates/inventory/visit_form.html): an id for this submission,
// made once when the form opens so a double tap or a retry is recorded once, and the
// position from the phone's GPS with its accuracy; typed coordinates when it is refused.
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) return;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Not a secure context (plain http on an office network): the same, by hand.
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  var clientId = form.querySelector("[data-client-id]");
  if (clientId && !clientId.value) clientId.value = uuid4();

  var lat = form.querySelector("[name=latitude]");
  var lng = form.querySelector("[name=longitude]");
  var accuracy = form.querySelector("[name=location_accuracy]");
  var source = form.querySelector("[name=location_source]");
  var status = document.getElementById("location-status");
  var again = document.getElementById("locate-again");

  function say(key, value) {
    var text = status.dataset[key] || "";
    status.textContent = value === undefined ? text : text.replace("%s", value);
  }

  // Typing over the GPS position makes it a typed one, with no accuracy.
  [lat, lng].forEach(function (input) {
    input.addEventListener("input", function () {
      source.value = "typed";
      accuracy.value = "";
    });
  });

  function locate() {
    if (!navigator.geolocation) {
      say("unsupported");
      return;
    }
    say("asking");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        accuracy.value = Math.round(position.coords.accuracy);
        source.value = "gps";
        say("found", accuracy.value);
        again.classList.remove("d-none");
      },
      function () {
        say("refused");
        again.classList.remove("d-none");
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  }
  again.addEventListener("click", locate);
  // A form shown again after an error keeps what was there.
  if (!lat.value && !lng.value) locate();

  var submit = document.getElementById("visit-submit");
  form.addEventListener("submit", function () {
    // Not disabled: a second tap sends the same id, and the server records one visit.
    submit.textContent = submit.dataset.busy;
    submit.setAttribute("aria-busy", "true");
  });
})();
