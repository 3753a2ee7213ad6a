/* xp.js: term/citation popups. An element described by a hidden .xp-tips
 * entry (aria-describedby="xp-tip-...") shows that entry's text in one
 * shared non-focusable popup. WCAG 1.4.13: hoverable, Escape dismisses
 * without moving focus, stays until pointer and focus leave. Delegated on
 * document to survive Material's instant navigation; click is captured so a
 * first tap can stop Material's body-level link handler. */
(function () {
  "use strict";

  var doc = document;
  var SEL = "[aria-describedby^='xp-tip-']";
  var MARGIN = 8;   /* px from viewport edges */
  var GAP = 6;      /* px between trigger and popup */
  var GRACE = 300;  /* ms to reach the popup */

  var popup = null;
  var current = null;   /* trigger of the open popup */
  var hideTimer = 0;
  var frame = 0;
  var lastPointer = ""; /* last pointerdown's pointerType; "key" after keydown */
  var tapOpen = false;  /* tapped trigger's popup was already open */
  var overTrigger = false;
  var overPopup = false;
  var muted = null;     /* dismissed by Escape: no hover reopen until left */

  function getPopup() {
    if (!popup || !popup.isConnected) {
      popup = doc.getElementById("xp-popup");
      if (!popup) {
        popup = doc.createElement("div");
        popup.id = "xp-popup";
        popup.className = "xp-popup";
        popup.setAttribute("role", "tooltip");
        /* a visual copy: aria-describedby already exposes the text */
        popup.setAttribute("aria-hidden", "true");
        popup.hidden = true;
        doc.body.appendChild(popup);
      }
    }
    return popup;
  }

  function triggerOf(node) {
    return node && node.closest ? node.closest(SEL) : null;
  }

  function inPopup(node) {
    return !!(popup && node && popup.contains(node));
  }

  function isOpen() {
    return !!(popup && current && !popup.hidden);
  }

  function focusVisible(el) {
    if (doc.activeElement !== el) return false;
    try { return el.matches(":focus-visible"); } catch (e) { return true; }
  }

  function cancelHide() {
    clearTimeout(hideTimer);
    hideTimer = 0;
  }

  function show(trigger) {
    var tip = doc.getElementById(trigger.getAttribute("aria-describedby").trim().split(/\s+/)[0]);
    var text = tip ? tip.textContent.replace(/\s+/g, " ").trim() : "";
    cancelHide();
    if (!text) return;
    var p = getPopup();
    if (current !== trigger || p.hidden) {
      p.textContent = text;
      current = trigger;
      p.hidden = false;
    }
    place();
  }

  function hide() {
    cancelHide();
    overPopup = false;
    if (popup) {
      popup.hidden = true;
      popup.removeAttribute("data-xp-placement");
    }
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(function () {
      hideTimer = 0;
      if (!current || overTrigger || overPopup) return;
      if (lastPointer !== "touch" && focusVisible(current)) return;
      hide();
    }, GRACE);
  }

  function place() {
    if (!isOpen()) return;
    if (!current.isConnected) { hide(); return; }
    var p = popup;
    var r = current.getBoundingClientRect();
    var first = current.getClientRects()[0] || r;
    var vw = doc.documentElement.clientWidth || window.innerWidth;
    var vh = doc.documentElement.clientHeight || window.innerHeight;
    if (r.bottom < 0 || r.top > vh) { hide(); return; }
    p.style.maxWidth = "min(22rem, " + Math.max(0, vw - 2 * MARGIN) + "px)";
    p.style.left = "0px";
    p.style.top = "0px";
    var pr = p.getBoundingClientRect();
    var w = pr.width, h = pr.height;
    var top = r.bottom + GAP;
    var placement = "below";
    if (top + h > vh - MARGIN && r.top - GAP - h >= MARGIN) {
      top = r.top - GAP - h;
      placement = "above";
    }
    top = Math.max(MARGIN, Math.min(top, vh - MARGIN - h));
    var left = Math.max(MARGIN, Math.min(first.left, vw - MARGIN - w));
    p.style.left = Math.round(left) + "px";
    p.style.top = Math.round(top) + "px";
    p.setAttribute("data-xp-placement", placement);
  }

  function schedulePlace() {
    if (!isOpen() || frame) return;
    frame = requestAnimationFrame(function () {
      frame = 0;
      place();
    });
  }

  doc.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    var t = triggerOf(e.target);
    tapOpen = !!(t && t === current && isOpen());
  }, true);

  doc.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var t = triggerOf(e.target);
    if (t) {
      overTrigger = true;
      if (t !== muted) show(t);
    } else if (inPopup(e.target)) {
      overPopup = true;
      cancelHide();
    }
  });

  doc.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var to = e.relatedTarget;
    var t = triggerOf(e.target);
    if (t && triggerOf(to) !== t) {
      overTrigger = false;
      if (muted === t) muted = null;
      if (t === current && !inPopup(to)) scheduleHide();
    } else if (inPopup(e.target) && !inPopup(to)) {
      overPopup = false;
      if (current && triggerOf(to) !== current) scheduleHide();
    }
  });

  doc.addEventListener("focusin", function (e) {
    var t = triggerOf(e.target);
    if (t) {
      muted = null;
      show(t);
    } else if (isOpen() && lastPointer !== "touch") {
      scheduleHide();
    }
  });

  doc.addEventListener("focusout", function (e) {
    var t = triggerOf(e.target);
    if (t && t === current && lastPointer !== "touch" && !triggerOf(e.relatedTarget)) {
      scheduleHide();
    }
  });

  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") {
      if (isOpen()) {
        muted = current;
        hide(); /* focus stays where it is */
      }
      return;
    }
    if (!e.ctrlKey && !e.metaKey && !e.altKey) lastPointer = "key";
  });

  doc.addEventListener("click", function (e) {
    var t = triggerOf(e.target);
    var type = e.pointerType || lastPointer;
    if (t && type === "touch") {
      if (tapOpen && t === current) {
        tapOpen = false;
        hide(); /* second tap: follow the link */
        return;
      }
      /* first tap opens; Material's instant navigation must not see it */
      e.preventDefault();
      e.stopPropagation();
      muted = null;
      show(t);
      return;
    }
    if (!t && isOpen() && !inPopup(e.target)) hide();
  }, true);

  window.addEventListener("scroll", schedulePlace, { passive: true, capture: true });
  window.addEventListener("resize", schedulePlace, { passive: true });

  function init() {
    var d = window.document$; /* Material: emits on every page change */
    getPopup();
    if (d && typeof d.subscribe === "function") {
      d.subscribe(function () { hide(); muted = null; overTrigger = false; });
    }
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();
