// "Isi yang kosong: Hadir": every participant of the page shown who is not yet marked is marked
// present (templates/trainings/attendance.html); other pages of a long roster are not touched.
document.getElementById("all-present")?.addEventListener("click", function () {
  document.querySelectorAll("#roster fieldset").forEach(function (group) {
    if (!group.querySelector("input:checked")) group.querySelector("input[value=present]").checked = true;
  });
});
