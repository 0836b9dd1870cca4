// The HTML report's fixed style and script. They carry no tenant data: the script reads the page
// (data-* attributes and text), so no name ever sits inside a <script>.
#include "report/html_parts.hpp"

namespace gdap::report::detail {

std::string_view html_style() {
  return R"css(
:root{--ok:#1a7f37;--warn:#9a6700;--bad:#c0362c;--unknown:#8250df;--ink:#1f2328;--muted:#59636e;
--line:#d1d9e0;--soft:#f6f8fa;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#fff;line-height:1.45}
body{margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .75rem;
border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1.1rem;margin:0}
h4{font-size:1rem;margin:.75rem 0 .25rem}
.run,.ids,.note,.muted{color:var(--muted)}.run{margin:.25rem 0}
.warning{border-left:4px solid var(--warn);background:#fff8c5;padding:.5rem .75rem}
code{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:.9em;
background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 .25rem;
white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;border-bottom:1px solid var(--line);padding:.35rem .5rem;vertical-align:top}
th{background:var(--soft)}
.chain{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:.5rem 0}
.chain li{border:1px solid var(--line);border-radius:6px;padding:.4rem .7rem;min-width:9rem}
.chain li b{display:block;font-size:.8rem;color:var(--muted);font-weight:600}
.chain .ok{border-color:var(--ok)}.chain .bad{border-color:var(--bad);background:#ffebe9}
.chain .unknown{border-color:var(--unknown);background:#fbefff}
.status,.sev{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.8rem;
font-weight:600;color:#fff;background:var(--bad);white-space:nowrap}
.status-active{background:var(--ok)}.status-expiring{background:var(--warn)}
.status-unknown{background:var(--unknown)}
.sev-warning{background:var(--warn)}.sev-info{background:#0969da}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.5rem 0}
.filters button{border:1px solid var(--line);background:#fff;border-radius:1rem;padding:.2rem .7rem;
cursor:pointer;font:inherit}
.filters button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
.filters input{font:inherit;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;
min-width:16rem;margin-left:auto}
th button{all:unset;cursor:pointer;font-weight:700}th button::after{content:" \2195";color:var(--muted)}
th[aria-sort=ascending] button::after{content:" \2191"}
th[aria-sort=descending] button::after{content:" \2193"}
.card{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0}
.card>header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
.finding{border-left:4px solid var(--bad);padding:.25rem .75rem;margin:.75rem 0;background:#fff}
.finding.sev-warning-box{border-color:var(--warn)}.finding.sev-info-box{border-color:#0969da}
.finding .sev{margin-right:.35rem}.steps li{margin:.3rem 0}
.cmd{display:inline-flex;gap:.35rem;align-items:flex-start;max-width:100%}
div.commands{display:flex;gap:.35rem;align-items:flex-start}
pre.commands{overflow-x:auto;margin:.4rem 0;flex:1}
pre.commands code{display:block;white-space:pre;word-break:normal;padding:.4rem .6rem}
.copy{font:inherit;font-size:.75rem;border:1px solid var(--line);background:var(--soft);
border-radius:4px;cursor:pointer;padding:0 .4rem}
.role-grid td.mark{font-weight:700}.role-grid .note{font-weight:400;font-size:.85rem}
.role-grid tr.held td.mark{color:var(--ok)}.role-grid tr.not_held td.mark{color:var(--warn)}
.role-grid tr.not_in_relationship td.mark{color:var(--bad)}
.tag{font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:4px;
padding:0 .3rem;margin-left:.3rem}
[hidden]{display:none!important}
.no-js .filters,.no-js #customer-shown,.no-js .copy,.no-js th button::after{display:none}
@media print{.filters,.copy{display:none}.card{break-inside:avoid}}
)css";
}

std::string_view html_script() {
  return R"js(
(function () {
  'use strict';
  document.documentElement.className = 'js';
  var table = document.getElementById('customer-table');
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.card'));
  var search = document.getElementById('customer-search');
  var shown = document.getElementById('customer-shown');
  var filterButtons = Array.prototype.slice.call(document.querySelectorAll('.filters button'));
  var status = 'all';

  function matches(element) {
    var text = (search && search.value || '').trim().toLowerCase();
    var statusOk = status === 'all' || element.getAttribute('data-status') === status;
    var textOk = !text || (element.getAttribute('data-search') || '').indexOf(text) !== -1;
    return statusOk && textOk;
  }

  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      row.hidden = !matches(row);
      if (!row.hidden) { count += 1; }
    });
    cards.forEach(function (card) { card.hidden = !matches(card); });
    if (shown) { shown.textContent = 'Showing ' + count + ' of ' + rows.length; }
  }

  filterButtons.forEach(function (button) {
    button.addEventListener('click', function () {
      status = button.getAttribute('data-status');
      filterButtons.forEach(function (other) {
        other.setAttribute('aria-pressed', other === button ? 'true' : 'false');
      });
      apply();
    });
  });
  if (search) { search.addEventListener('input', apply); }

  function key(row, column) {
    return row.cells[column].getAttribute('data-key') || row.cells[column].textContent;
  }

  Array.prototype.slice.call(document.querySelectorAll('#customer-table th button'))
    .forEach(function (button) {
      button.addEventListener('click', function () {
        var header = button.parentNode;
        var column = header.cellIndex;
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.slice.call(header.parentNode.cells).forEach(function (cell) {
          cell.removeAttribute('aria-sort');
        });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = header.getAttribute('data-type') === 'number';
        rows.sort(function (a, b) {
          var x = key(a, column);
          var y = key(b, column);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });

  function copied(button) {
    button.textContent = 'Copied';
    window.setTimeout(function () { button.textContent = 'Copy'; }, 1500);
  }

  Array.prototype.slice.call(document.querySelectorAll('button.copy')).forEach(function (button) {
    button.addEventListener('click', function () {
      var code = button.parentNode.querySelector('code');
      var text = code ? code.textContent : '';
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button); },
          function () { button.textContent = 'Select and copy'; });
        return;
      }
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand('copy')) { copied(button); }
    });
  });

  apply();
}());
)js";
}

}  // namespace gdap::report::detail
