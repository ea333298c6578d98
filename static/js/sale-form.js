// The booth's sale form (templates/exhibitions/sales.html): once sent, its button waits for the
// answer, so a double tap sends one sale. The server records a submission once in any case
// (its client_id), with or without this script.
(function () {
  "use strict";
  var form = document.getElementById("sale-form");
  if (!form) return;
  var sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    var button = form.querySelector("[type=submit]");
    if (button) button.setAttribute("aria-disabled", "true");
  });
})();
