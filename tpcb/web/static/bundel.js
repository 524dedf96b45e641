// The bundle form: start the bundle as a background job, poll its status and show a progress bar,
// then download it. Without JS the form posts to /bundel and the download comes when it is ready.
(function () {
  var form = document.getElementById("form-bundel");
  if (!form || !window.fetch || !window.FormData) { return; }
  var bar = form.querySelector("progress"), info = form.querySelector(".kemajuan");
  var err = form.querySelector(".galat"), buttons = form.querySelectorAll("button");
  var JEDA = 700;  // milliseconds between polls

  function sibuk(on) { buttons.forEach(function (b) { b.disabled = on; }); }
  function gagal(pesan) {
    sibuk(false); bar.hidden = true; info.textContent = "";
    err.textContent = pesan; err.hidden = false;
  }
  function tampil(s) {
    bar.hidden = false;
    if (s.total > 0) { bar.max = s.total; bar.value = s.selesai; } else { bar.removeAttribute("value"); }
    info.textContent = "Bundel: " + s.tahap + (s.total > 0 ? " " + s.selesai + "/" + s.total : "") + " ...";
  }
  function jawaban(r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      if (!r.ok) { throw new Error(body.detail || "Bundel gagal disusun; coba lagi."); }
      return body;
    });
  }
  function tanya(id) {
    fetch("/bundel/status/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}})
      .then(jawaban).then(function (s) {
        if (s.beres && s.url) {
          bar.max = 1; bar.value = 1; sibuk(false);
          info.textContent = "Bundel siap; unduhan dimulai.";
          window.location.href = s.url;
        } else if (s.beres) {
          gagal(s.galat || "Bundel gagal disusun; coba lagi.");
        } else {
          tampil(s); window.setTimeout(function () { tanya(id); }, JEDA);
        }
      }).catch(function (e) { gagal(e.message || "Koneksi terputus; coba lagi."); });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    data.set("format", (ev.submitter && ev.submitter.value) || "pdf");
    err.hidden = true; sibuk(true);
    tampil({tahap: "dimulai", selesai: 0, total: 0});
    fetch("/bundel/mulai", {method: "POST", body: data, headers: {"Accept": "application/json"}})
      .then(jawaban).then(function (s) { tanya(s.id); })
      .catch(function (e) { gagal(e.message || "Koneksi terputus; coba lagi."); });
  });
})();
