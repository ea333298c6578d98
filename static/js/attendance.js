// "Semua hadir": every participant not yet marked is marked present (templates/trainings/attendance.html).
document.getElementById("all-present")?.addEventListener("click", function () {
  document.querySelectorAll("#roster fieldset").forEach(function (group) {
    if (!group.querySelector("input:checked")) group.querySelector("input[value=present]").checked = true;
  });
});
