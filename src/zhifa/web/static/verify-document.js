// 文书核验：在本机计算所选 PDF 的 SHA-256，与出具时登记的摘要比对；文件不离开本机。
(function () {
  "use strict";
  var box = document.getElementById("pdf-check");
  var input = document.getElementById("pdf-file");
  var out = document.getElementById("pdf-result");
  if (!box || !input || !out) return;
  var expected = box.getAttribute("data-pdf-digest");
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle) {
      out.textContent = "本浏览器不支持在本机计算摘要，请换用较新的浏览器。";
      return;
    }
    out.textContent = "正在计算……";
    file.arrayBuffer().then(function (buf) {
      return window.crypto.subtle.digest("SHA-256", buf);
    }).then(function (hash) {
      var hex = Array.prototype.map.call(new Uint8Array(hash), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      if (hex === expected) {
        out.textContent = "一致：该电子文书与出具时完全相同。";
        out.className = "lead good";
      } else {
        out.textContent = "不一致：该文件不是出具时的电子文书（可能被修改或伪造）。";
        out.className = "lead bad";
      }
    });
  });
})();
