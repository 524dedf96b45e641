// Behaviour shared by every page. No inline script or handler anywhere: the CSP forbids them.
document.querySelectorAll("select[data-kirim-otomatis]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
