// 申报表: when the browser finds the form's answers valid (the page's HTML constraints,
// drawn from the contract), write the submission file in the contract's field order and
// offer it: copy, download, and the repository's new-file page (its address comes from
// the page, built by package link). This checks the form's shape only; the full check
// runs on the pull request. ES5, no other request.
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  if (!form || !form.checkValidity) return;
  var out = document.getElementById("submit-out");
  var status = document.getElementById("form-status");
  var fileText = document.getElementById("file-text");
  var filePath = document.getElementById("file-path");
  var newFile = document.getElementById("new-file");
  var download = document.getElementById("download-file");
  var longNote = document.getElementById("long-note");
  var authors = document.getElementById("authors");
  var addButton = document.getElementById("add-author");
  var maxAuthors = 10, maxURL = 4000, blobURL = "";

  function val(name) {
    var el = form.elements[name];
    if (!el) return "";
    if (el.value !== undefined && el.tagName) return el.value.replace(/^\s+|\s+$/g, "");
    for (var i = 0; i < el.length; i++) if (el[i].checked) return el[i].value; // radios
    return "";
  }
  // q quotes a string for YAML: a JSON string is a YAML double-quoted scalar.
  function q(s) { return JSON.stringify(s); }

  function authorRows() {
    var list = [], rows = authors.getElementsByTagName("li");
    for (var i = 0; i < rows.length; i++) {
      var ins = rows[i].getElementsByTagName("input"), a = { name: trim(ins[0].value), role: trim(ins[1].value), job: trim(ins[2].value) };
      if (a.name || a.role || a.job) list.push(a);
    }
    return list;
  }
  function trim(s) { return s.replace(/^\s+|\s+$/g, ""); }

  function text() {
    var unit = val("unit"), slug = val("slug"), year = form.getAttribute("data-year");
    var schema = form.getAttribute("data-schema");
    var t = "---\n" + (schema ? "# yaml-language-server: $schema=" + schema + "\n" : "");
    t += "# 申报成果 " + unit + "/" + slug + "（" + year + " 年），由网站申报表生成。\n\n";
    t += "title: " + q(val("title")) + "\ncategory: " + val("category") + "\ninnovation: " + val("innovation") +
      "\ngroup: " + val("group") + "\nauthors:\n";
    var list = authorRows();
    for (var i = 0; i < list.length; i++) {
      t += "  - name: " + q(list[i].name) + "\n";
      if (list[i].role) t += "    role: " + q(list[i].role) + "\n";
      if (list[i].job) t += "    job: " + q(list[i].job) + "\n";
    }
    t += "submitted: " + val("submitted") + "\n";
    if (val("started")) t += "started: " + val("started") + "\n";
    t += "completed: " + val("completed") + "\nsummary: " + q(val("summary").replace(/\s*\n\s*/g, "")) + "\nbenefit:\n";
    if (val("economic")) t += "  economic: " + Number(val("economic")) + "\n";
    if (val("social")) t += "  social: " + q(val("social")) + "\n";
    if (val("studio")) t += "studio: " + q(val("studio")) + "\n";
    if (val("contact_name") || val("contact_phone")) {
      t += "contact:\n  name: " + q(val("contact_name")) + "\n";
      if (val("contact_phone")) t += "  phone: " + q(val("contact_phone")) + "\n";
    }
    var tags = val("tags").split(/[\s,，、;；]+/), tl = "";
    for (i = 0; i < tags.length; i++) if (tags[i]) tl += "  - " + q(tags[i]) + "\n";
    if (tl) t += "tags:\n" + tl;
    return t + "---\n" + form.elements.body.value.replace(/^\s+|\s+$/g, "") + "\n";
  }

  // shapeProblem is what the HTML constraints cannot say: one benefit at least, and
  // dates in order.
  function shapeProblem() {
    if (!val("economic") && !val("social")) return form.elements.social;
    var s = val("started"), c = val("completed"), sub = val("submitted");
    if (s && c && s > c) return form.elements.started;
    if (c && sub && c > sub) return form.elements.completed;
    var body = form.elements.body.value.replace(/^#+ .*$/mg, "").replace(/\s+/g, "").replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_");
    if (body.length < 100) return form.elements.body; // a default text is not checked by minlength
    return null;
  }
  var shapeMessages = { social: "经济效益和社会效益至少填一项", started: "开始日期不能晚于投入使用日期", completed: "投入使用日期不能晚于申报日期",
    body: "情况说明至少 100 字（不算小标题）" };

  function make() {
    var t = text(), unit = val("unit"), slug = val("slug");
    var dir = "content/" + form.getAttribute("data-year") + "/submissions/" + unit + "/";
    fileText.value = t;
    filePath.textContent = dir + slug + ".md";
    var full = form.getAttribute("data-new-file").replace("WXUNIT", encodeURIComponent(unit)).replace("WXNAME", encodeURIComponent(slug)).replace("WXVALUE", encodeURIComponent(t));
    var long = full.length > maxURL;
    if (long) full = form.getAttribute("data-new-file-bare").replace("WXUNIT", encodeURIComponent(unit)).replace("WXNAME", encodeURIComponent(slug));
    if (newFile && form.getAttribute("data-new-file")) newFile.href = full;
    longNote.hidden = !long;
    if (window.Blob && window.URL && URL.createObjectURL) {
      if (blobURL) URL.revokeObjectURL(blobURL);
      blobURL = URL.createObjectURL(new Blob([t], { type: "text/markdown;charset=utf-8" }));
      download.href = blobURL;
      download.setAttribute("download", slug + ".md");
    } else {
      download.hidden = true;
    }
    status.textContent = "已生成申报文件。本页只检查了表格的格式，正式检查在合并请求中进行。";
    var opt = form.elements.unit.options[form.elements.unit.selectedIndex], id = unit + "/" + slug, year = form.getAttribute("data-year");
    document.getElementById("step-grassroots").textContent = opt.textContent + "工会在 content/" + year +
      "/commendations/" + unit + "/" + year + "-wuxiao.yaml 的 awards 中加一行：- {submission: " + id + ", award: 奖项}";
    var parent = opt.getAttribute("data-parent");
    if (parent) {
      document.getElementById("step-county").textContent = opt.getAttribute("data-parent-name") + "在 content/" + year +
        "/commendations/" + parent + "/" + year + "-wuxiao.yaml 的 awards 中加一行：- {submission: " + id + ", award: 奖项}";
    }
    out.hidden = false;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var names = ["social", "started", "completed", "body"];
    for (var i = 0; i < names.length; i++) form.elements[names[i]].setCustomValidity("");
    var bad = shapeProblem();
    if (bad) bad.setCustomValidity(shapeMessages[bad.name]);
    if (!form.reportValidity()) { out.hidden = true; return; }
    make();
    out.scrollIntoView && out.scrollIntoView();
  });
  form.addEventListener("input", function (e) {
    if (e.target.setCustomValidity) e.target.setCustomValidity("");
    out.hidden = true; // the file shown must be the form's
  });
  form.elements.unit.addEventListener("change", function () {
    var opt = form.elements.unit.options[form.elements.unit.selectedIndex], group = opt && opt.getAttribute("data-group");
    var radios = form.elements.group;
    for (var i = 0; group && i < radios.length; i++) radios[i].checked = radios[i].value === group;
    out.hidden = true;
  });
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    var rows = authors.getElementsByTagName("li");
    if (rows.length >= maxAuthors) return;
    var li = rows[0].cloneNode(true), ins = li.getElementsByTagName("input");
    for (var i = 0; i < ins.length; i++) { ins[i].value = ""; ins[i].removeAttribute("required"); ins[i].removeAttribute("value"); }
    authors.appendChild(li);
    ins[0].focus();
    if (rows.length >= maxAuthors) addButton.hidden = true;
  });
  document.getElementById("copy-text").addEventListener("click", function () {
    fileText.select();
    if (navigator.clipboard) navigator.clipboard.writeText(fileText.value);
    else document.execCommand("copy");
    status.textContent = "已复制文件内容。";
  });
  // A submission may not be dated after the day it is made (rule phase): the page was
  // built earlier, so the browser's day narrows the phase's max.
  var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  var dates = ["submitted", "started", "completed"];
  for (var i = 0; i < dates.length; i++) {
    var el = form.elements[dates[i]];
    if (!el.max || today < el.max) el.max = today;
  }
  if (!form.elements.submitted.value && today >= form.elements.submitted.min) form.elements.submitted.value = today;
  document.getElementById("make-file").hidden = false;
})();
