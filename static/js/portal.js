// Behaviour every page shares, in a file: the Content-Security-Policy runs no inline script
// or on...= attribute.
(function () {
  "use strict";
  // The footer's language menu (and any select with data-autosubmit) sends its form on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // "Kembali ke halaman sebelumnya" on the error pages.
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    button.addEventListener("click", function () { history.back(); });
  });
})();
