// KUB formation (templates/groups/formation.html).
// The count of ticked members, and officer choices that follow the ticks: ketua, sekretaris
// and bendahara offer only ticked members. An officer the server sent back although not
// ticked (the form's error names them) stays chosen until the ticks change.
(function () {
  const boxes = Array.from(document.querySelectorAll("#candidates .member-check"));
  const out = document.getElementById("picked-count");
  const selects = ["ketua", "sekretaris", "bendahara"]
    .map((name) => document.querySelector(`#formation-form select[name=${name}]`))
    .filter(Boolean);
  function ticked() { return boxes.filter((b) => b.checked && !b.disabled); }
  function offerTicked(keepChosen) {
    const people = ticked();
    const ids = new Set(people.map((b) => b.value));
    for (const select of selects) {
      const chosen = select.value;
      const kept = keepChosen && chosen && !ids.has(chosen) ? select.selectedOptions[0] : null;
      const blank = new Option(select.options[0] ? select.options[0].text : "", "");
      select.replaceChildren(blank);
      for (const box of people) select.add(new Option(box.dataset.name, box.value, false, box.value === chosen));
      if (kept) select.add(new Option(kept.text, kept.value, false, true));
      if (!ids.has(chosen) && !kept) select.value = "";
    }
  }
  function update(keepChosen) {
    out.textContent = ticked().length;
    offerTicked(keepChosen);
  }
  boxes.forEach((b) => b.addEventListener("change", () => update(false)));
  update(true);
})();
