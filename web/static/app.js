// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // Phones: fold the filters under the "Bộ lọc" button (the page ships them open).
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 50rem)").matches) {
    filters.open = false;
    var jump = document.querySelector(".filters-jump");
    if (jump) {
      jump.addEventListener("click", function () { filters.open = true; });
    }
  }
  // A text box that filters the long province list as you type.
  var box = document.getElementById("province-filter");
  if (box) {
    var holder = box.closest(".facet-filter");
    var section = box.closest(".facet");
    holder.hidden = false;
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
      var more = section.querySelector(".facet-more");
      if (more && needle) { more.open = true; }
      section.querySelectorAll(".facet-values li").forEach(function (li) {
        var text = li.textContent.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
        li.classList.toggle("hidden-by-filter", needle !== "" && text.indexOf(needle) === -1);
      });
    });
  }
})();
