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
  var ROOM = 14;    /* px: xp.css's 6px gap to the trigger + 8px viewport margin */
  var GRACE = 300;  /* ms to reach the popup */

  var popup = null;
  var current = null;   /* trigger of the open popup */
  var hideTimer = 0;
  var frame = 0;
  var lastPointer = ""; /* last pointerdown's pointerType; "key" after keydown */
  var tapOpen = false;  /* tapped trigger's popup was already open */
  var hovered = null;   /* trigger under the pointer */
  var overPopup = false;
  var muted = null;     /* hovered when Escape dismissed: no reopen until left */

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
      if (!current || hovered || overPopup) return;
      if (lastPointer !== "touch" && focusVisible(current)) return;
      hide();
    }, GRACE);
  }

  /* Geometry is in xp.css: it places the popup from two distances (viewport
   * without scrollbars) and keeps it inside. --xp-x: trigger's first line's
   * left to the viewport's right; --xp-y: trigger's bottom (top when above)
   * to the viewport's bottom. Only the flip above needs the popup's height. */
  function place() {
    if (!isOpen()) return;
    if (!current.isConnected) { hide(); return; }
    var p = popup, s = p.style;
    var r = current.getBoundingClientRect();
    var first = current.getClientRects()[0] || r;
    var root = doc.documentElement;
    var vw = root.clientWidth, vh = root.clientHeight;
    if (r.bottom < 0 || r.top > vh) { hide(); return; }
    var h = p.offsetHeight;
    var above = vh - r.bottom < h + ROOM && r.top >= h + ROOM;
    s.setProperty("--xp-x", Math.round(vw - first.left) + "px");
    s.setProperty("--xp-y", Math.round(vh - (above ? r.top : r.bottom)) + "px");
    p.setAttribute("data-xp-placement", above ? "above" : "below");
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
      hovered = t;
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
      hovered = null;
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
        muted = hovered; /* a focused trigger reopens on hover */
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
      d.subscribe(function () { hide(); muted = hovered = null; });
    }
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();
