// Status change with proof upload: XHR so the upload shows its progress; plain form post without JS.
document.querySelectorAll("form[data-xhr]").forEach(function (form) {
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var bar = form.querySelector("progress"), err = form.querySelector(".galat");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    err.hidden = true;
    button.disabled = true;
    var file = form.querySelector("input[type=file]");
    if (file && file.files.length) { bar.hidden = false; bar.value = 0; }
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
    });
    xhr.addEventListener("load", function () {
      button.disabled = false;
      if (xhr.status >= 200 && xhr.status < 300) {
        var t = JSON.parse(xhr.responseText);
        bar.value = 100;
        // the banner comes from the server (a signed cookie set with this answer), never the URL
        // (same page: set the anchor, then load it again so the new status and banner show)
        window.location.hash = "tugas-" + t.id;
        window.location.reload();
        return;
      }
      var detail = "Gagal menyimpan.";
      try { detail = JSON.parse(xhr.responseText).detail || detail; } catch (e) { /* not JSON */ }
      err.textContent = detail;
      err.hidden = false;
      bar.hidden = true;
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      err.textContent = "Koneksi terputus; coba lagi.";
      err.hidden = false;
    });
    xhr.send(new FormData(form));
  });
});
