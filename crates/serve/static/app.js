// Parallax story page: a claim focused or hovered lights up its counterparts in the other
// columns (the marks that share one of its findings, named in data-groups), and a keyboard
// user steps through the findings with j and k or the two buttons. Served from /static/app.js
// (the page's content security policy allows scripts from the server only); the pages work
// without it.
"use strict";

(function () {
  var current = null;

  function clear() {
    var lit = document.querySelectorAll("mark.counterpart, mark.current");
    for (var i = 0; i < lit.length; i++) {
      lit[i].classList.remove("counterpart", "current");
    }
    current = null;
  }

  // The mark (or its nearest marked ancestor) that names findings.
  function claimOf(node) {
    while (node && node !== document.body) {
      if (node.nodeType === 1 && node.tagName === "MARK" && node.hasAttribute("data-groups")) {
        return node;
      }
      node = node.parentNode;
    }
    return null;
  }

  function light(mark) {
    if (mark === current) {
      return;
    }
    clear();
    current = mark;
    var groups = mark.getAttribute("data-groups").split(" ");
    var own = mark.closest("article.src");
    for (var g = 0; g < groups.length; g++) {
      if (!/^[A-Za-z0-9_-]+$/.test(groups[g])) {
        continue;
      }
      var same = document.querySelectorAll('mark[data-groups~="' + groups[g] + '"]');
      for (var i = 0; i < same.length; i++) {
        if (same[i].closest("article.src") !== own) {
          same[i].classList.add("counterpart");
        }
      }
    }
    mark.classList.add("current");
  }

  function steps() {
    return Array.prototype.slice.call(
      document.querySelectorAll(".columns mark[data-groups][tabindex]")
    );
  }

  function step(by) {
    var all = steps();
    if (all.length === 0) {
      return;
    }
    var at = all.indexOf(document.activeElement);
    if (at < 0) {
      at = current ? all.indexOf(current) : -1;
    }
    var next = at < 0 ? (by > 0 ? 0 : all.length - 1) : (at + by + all.length) % all.length;
    all[next].focus();
    all[next].scrollIntoView({ block: "center" });
  }

  // A link to a highlight (a synthesis chip, a conflict's quoted side): focus the words, so
  // their counterparts light up too.
  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var mark = claimOf(target);
    if (mark) {
      if (mark.hasAttribute("tabindex")) {
        mark.focus();
      }
      light(mark);
    }
  }

  document.addEventListener("focusin", function (e) {
    var mark = claimOf(e.target);
    if (mark) {
      light(mark);
    }
  });
  document.addEventListener("mouseover", function (e) {
    var mark = claimOf(e.target);
    if (mark) {
      light(mark);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
      return;
    }
    if (e.key === "j") {
      step(1);
      e.preventDefault();
    } else if (e.key === "k") {
      step(-1);
      e.preventDefault();
    } else if (e.key === "Escape") {
      clear();
    }
  });
  window.addEventListener("hashchange", followHash);

  var stepper = document.querySelector(".stepper");
  if (stepper && steps().length > 0) {
    stepper.hidden = false;
    document.getElementById("next-finding").addEventListener("click", function () {
      step(1);
    });
    document.getElementById("prev-finding").addEventListener("click", function () {
      step(-1);
    });
  }
  followHash();
  document.documentElement.setAttribute("data-app", "ready");
})();
