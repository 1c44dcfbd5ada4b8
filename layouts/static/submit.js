// 申报表: collect the answers, let the checker (Go compiled to WebAssembly: package
// form) write and check the submission file, show its findings and the repository link.
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  var status = document.getElementById("checker-status");
  var problemsList = document.getElementById("problems");
  var fileText = document.getElementById("file-text");
  var filePath = document.getElementById("file-path");
  var copyButton = document.getElementById("copy-text");
  var newFile = document.getElementById("new-file");
  var authors = document.getElementById("authors");
  var ready = false, timer = null, maxAuthors = 10;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function addAuthor(name, role, job) {
    if (authors.children.length >= maxAuthors) return;
    var li = document.createElement("li");
    li.innerHTML = '<div class="author"><input data-k="name" aria-label="姓名" placeholder="姓名">' +
      '<input data-k="role" aria-label="分工" placeholder="分工（可选）">' +
      '<input data-k="job" aria-label="岗位" placeholder="岗位（可选）">' +
      '<button type="button" class="remove" aria-label="删去这位完成人">删去</button></div>';
    var inputs = li.querySelectorAll("input");
    inputs[0].value = name || ""; inputs[1].value = role || ""; inputs[2].value = job || "";
    li.querySelector(".remove").addEventListener("click", function () {
      if (authors.children.length > 1) { li.remove(); schedule(); }
    });
    authors.appendChild(li);
  }

  function value(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }

  function unitOption() {
    var sel = form.elements.unit;
    return sel.options[sel.selectedIndex];
  }

  function collect() {
    var opt = unitOption();
    var list = [];
    Array.prototype.forEach.call(authors.children, function (li) {
      var a = {};
      li.querySelectorAll("input").forEach(function (i) { a[i.getAttribute("data-k")] = i.value; });
      list.push(a);
    });
    return {
      year: parseInt(value("year"), 10) || 0,
      unit: value("unit"),
      sector: opt && opt.value ? opt.getAttribute("data-sector") : "",
      title: value("title"), category: value("category"), innovation: value("innovation"), group: value("group"),
      authors: list, submitted: value("submitted"), started: value("started"), completed: value("completed"),
      summary: value("summary"), economic: value("economic"), social: value("social"),
      studio: value("studio"), tags: value("tags"),
      contact_name: value("contact_name"), contact_phone: value("contact_phone"),
      body: value("body"), repo_url: form.getAttribute("data-repo") || "", forge: form.getAttribute("data-forge") || "",
      schema_url: form.getAttribute("data-schema") || "", today: today()
    };
  }

  var labels = { title: "项目名称", category: "类别", innovation: "创新类型", group: "组别", name: "完成人姓名",
    role: "完成人分工", job: "完成人岗位", authors: "完成人", submitted: "申报日期", started: "开始日期",
    completed: "投入使用日期", summary: "成果简介", benefit: "效益", economic: "年经济效益", social: "社会效益",
    studio: "创新工作室", tags: "关键词", contact: "联系人", phone: "电话", body: "情况说明" };
  var fieldBox = { name: "authors", role: "authors", job: "authors", benefit: "economic" };

  function show(out) {
    if (out.error) { status.textContent = out.error; return; }
    fileText.value = out.text;
    filePath.textContent = out.path;
    problemsList.innerHTML = "";
    form.querySelectorAll(".bad").forEach(function (el) { el.classList.remove("bad"); });
    (out.problems || []).forEach(function (p) {
      var li = document.createElement("li");
      if (p.warning) li.className = "warning";
      li.textContent = (labels[p.field] || "第 " + p.line + " 行") + "：" + p.message + "（" + p.rule + "，第 " + p.line + " 行）";
      problemsList.appendChild(li);
      var box = form.querySelector('[data-field="' + (fieldBox[p.field] || p.field) + '"]');
      if (box) box.classList.add("bad");
    });
    var ok = out.errors === 0;
    status.className = "checker-status" + (ok ? " ok" : "");
    status.textContent = ok ? "检查通过：没有发现问题。可以复制文件内容，或在内容仓库中新建这个文件。" :
      "还有 " + out.errors + " 个问题，改正后文件才能通过检查：";
    copyButton.disabled = false;
    if (newFile && out.new_file_url) {
      newFile.href = out.new_file_url;
      newFile.setAttribute("aria-disabled", ok ? "false" : "true");
    }
    var opt = unitOption(), id = out.slug && opt && opt.value ? opt.value + "/" + out.slug : "";
    var year = value("year");
    if (id) {
      document.getElementById("step-grassroots").textContent = (opt.textContent || "本单位工会") + "在 content/" + year +
        "/commendations/" + opt.value + "/" + year + "-wuxiao.yaml 的 awards 中加一行：- {submission: " + id + ", award: 奖项}";
      var parent = opt.getAttribute("data-parent");
      if (parent) {
        document.getElementById("step-county").textContent = opt.getAttribute("data-parent-name") + "在 content/" + year +
          "/commendations/" + parent + "/" + year + "-wuxiao.yaml 的 awards 中加一行：- {submission: " + id + ", award: 奖项}";
      }
    }
  }

  function update() {
    timer = null;
    if (!ready) return;
    show(JSON.parse(window.wuxiaoForm(JSON.stringify(collect()))));
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 150);
  }

  form.elements.unit.addEventListener("change", function () {
    var opt = unitOption(), group = opt && opt.getAttribute("data-group");
    if (group) {
      form.querySelectorAll('input[name="group"]').forEach(function (r) { r.checked = r.value === group; });
    }
  });
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  document.getElementById("add-author").addEventListener("click", function () { addAuthor(); schedule(); });
  copyButton.addEventListener("click", function () {
    fileText.select();
    if (navigator.clipboard) navigator.clipboard.writeText(fileText.value);
    else document.execCommand("copy");
    status.textContent = "已复制文件内容。";
  });

  addAuthor("", "主要完成人", "");
  if (!form.elements.submitted.value) form.elements.submitted.value = today();

  var wasm = form.getAttribute("data-wasm");
  if (!wasm || typeof WebAssembly !== "object" || typeof Go !== "function") {
    status.textContent = "这个浏览器不支持 WebAssembly，无法在此生成申报文件；请换用新版浏览器，或用 wuxiao new submission 在本地新建。";
    return;
  }
  window.wuxiaoReady = function () {
    ready = true;
    status.textContent = "检查程序已就绪。";
    update();
  };
  var go = new Go();
  var load = WebAssembly.instantiateStreaming ?
    WebAssembly.instantiateStreaming(fetch(wasm), go.importObject).catch(function () {
      return fetch(wasm).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    }) :
    fetch(wasm).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  load.then(function (res) { go.run(res.instance); }, function (err) {
    status.textContent = "检查程序加载失败：" + err;
  });
})();
