// Drag and drop onto the upload form: the dropped files go into the file field and the form is sent.
// Without this script the file field works as it is.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var form = document.getElementById("upload-form");
  var status = document.getElementById("upload-status");
  if (!drop || !input || !form) return;
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    if (status) status.textContent = "正在上传并检查 " + input.files.length + " 个文件……";
    form.requestSubmit();
  });
  form.addEventListener("submit", function () {
    if (status) status.textContent = "正在上传并检查，请稍候……";
  });
});
