// "Unggah" on a butir row of the matrix: drop or pick files, one request per file with its own
// progress bar (XHR upload.onprogress); the server's answer (JSON {pesan} or {detail}) is shown
// beside the file. When every file is stored the page loads again, so the row's status and the
// score are the server's; the finished list comes back from sessionStorage (never from the URL).
(function () {
  var KEY = "unggah-butir";

  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1).replace(".", ",") + " MB"
      : Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function row(list, name, text) {
    var li = document.createElement("li"), label = document.createElement("span");
    var bar = document.createElement("progress"), said = document.createElement("span");
    label.className = "nama";
    label.textContent = name;
    bar.max = 100;
    bar.value = 0;
    said.className = "hasil";
    if (text) { said.textContent = text; }
    li.appendChild(label);
    li.appendChild(bar);
    li.appendChild(said);
    list.appendChild(li);
    list.hidden = false;
    return { li: li, bar: bar, said: said };
  }

  function setup(form) {
    var box = form.closest("details"), zone = form.querySelector(".zona-lepas");
    var input = form.querySelector("input[type=file]"), list = form.querySelector(".antrian");
    var err = form.querySelector(".galat"), button = form.querySelector("button[type=submit]");
    var chosen = [], busy = false, shown = "";
    input.required = false; // dropped files do not pass through the input; checked below

    function show(files) {
      var picked = Array.prototype.slice.call(files);
      var sig = picked.map(function (f) { return f.name + "/" + f.size + "/" + f.lastModified; }).join("|");
      if (busy || sig === shown) { return; } // the same choice again, or files on their way
      shown = sig;
      chosen = picked;
      list.textContent = "";
      list.hidden = !chosen.length;
      chosen.forEach(function (f) { f.ui = row(list, f.name + " (" + size(f.size) + ")"); });
      err.hidden = true;
    }

    input.addEventListener("change", function () { show(input.files); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (ev) { ev.preventDefault(); zone.classList.add("di-atas"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("di-atas"); });
    });
    zone.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) { show(ev.dataTransfer.files); }
    });

    function fail(text) {
      err.textContent = text;
      err.hidden = false;
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!chosen.length) { fail("Pilih berkas yang akan diunggah."); return; }
      err.hidden = true;
      button.disabled = true;
      busy = true;
      var done = [], failed = 0, i = 0;

      function next() {
        if (i >= chosen.length) { return finish(); }
        var file = chosen[i++], ui = file.ui, data = new FormData(form);
        data.delete("berkas");
        data.append("berkas", file, file.name);
        ui.li.className = "berjalan";
        ui.said.textContent = "mengunggah…";
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) { ui.bar.value = Math.round(100 * e.loaded / e.total); }
        });
        xhr.addEventListener("load", function () {
          var answer = {};
          try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
          if (xhr.status >= 200 && xhr.status < 300) {
            ui.bar.value = 100;
            ui.li.className = "selesai";
            ui.said.textContent = answer.pesan || "Tersimpan.";
            done.push(answer.pesan || file.name);
          } else {
            failed++;
            ui.li.className = "gagal";
            ui.bar.hidden = true; // sent, but not stored: no full bar beside a refusal
            ui.said.textContent = answer.detail || ("Gagal menyimpan " + file.name + ".");
          }
          next();
        });
        xhr.addEventListener("error", function () {
          failed++;
          ui.li.className = "gagal";
          ui.bar.hidden = true;
          ui.said.textContent = "Koneksi terputus; " + file.name + " belum tersimpan. Coba lagi.";
          next();
        });
        xhr.send(data);
      }

      function finish() {
        button.disabled = false;
        busy = false;
        shown = ""; // a new pick of the same file is a new try
        if (!failed) {
          sessionStorage.setItem(KEY, JSON.stringify({ id: box.id, pesan: done }));
          window.location.hash = box.id;
          window.location.reload();
          return;
        }
        fail(done.length ? "Sebagian berkas tersimpan; perbaiki yang gagal lalu unggah lagi, " +
          "atau muat ulang halaman untuk melihat status terbaru." : "Tidak ada berkas yang tersimpan.");
      }
      next();
    });
  }

  document.querySelectorAll("form[data-unggah-butir]").forEach(setup);

  // after the reload: the files just stored, in the row they went to
  var kept = null;
  try { kept = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { kept = null; }
  sessionStorage.removeItem(KEY);
  var box = kept && document.getElementById(kept.id);
  if (box) {
    var list = box.querySelector(".antrian");
    box.open = true;
    kept.pesan.forEach(function (text) {
      var ui = row(list, "", text);
      ui.bar.value = 100;
      ui.li.className = "selesai";
    });
    box.scrollIntoView({ block: "center" });
  }
})();
