// Filters the reply templates beside the answer box as the user types (no request needed).
document.addEventListener("input", function (event) {
  if (!event.target.matches("[data-mallsok]")) return;
  var q = event.target.value.trim().toLowerCase();
  document.querySelectorAll("[data-malltext]").forEach(function (li) {
    li.hidden = q !== "" && li.getAttribute("data-malltext").indexOf(q) === -1;
  });
});
