/* xp.js: glossary / citation popups for the explainer site.
 *
 * Any element with [data-xp-tip] is a trigger; the popup shows the text of
 * the element whose id is in data-xp-tip (a hidden <dd>/<li> of .xp-tips,
 * also referenced by aria-describedby, so screen readers get it without JS).
 * One shared, non-focusable <div role="tooltip" id="xp-popup"> is used.
 * WCAG 2.2 SC 1.4.13: hoverable (grace delay), dismissible with Escape
 * (focus stays put), persistent until pointer and focus have left.
 * Listeners are delegated on document, so they survive Material's instant
 * navigation; the click listener runs in the capture phase so a first tap
 * can stop Material's body-level link interception.
 */
(function () {
  "use strict";

  var doc = document;
  var SEL = "[data-xp-tip]";
  var MARGIN = 8;   /* min distance from viewport edges, px */
  var GAP = 6;      /* distance between trigger and popup, px */
  var GRACE = 300;  /* ms the pointer has to reach the popup */

  var popup = null;     /* shared popup element */
  var current = null;   /* trigger the popup belongs to */
  var hideTimer = 0;
  var frame = 0;
  var lastPointer = ""; /* pointerType of the last pointerdown, "key" after keydown */
  var tapOpen = false;  /* popup was already open for the tapped trigger at pointerdown */
  var overTrigger = false;
  var overPopup = false;
  var muted = null;     /* trigger dismissed with Escape: no reopen on hover until left */

  function getPopup() {
    if (!popup || !popup.isConnected) {
      popup = doc.getElementById("xp-popup");
      if (!popup) {
        popup = doc.createElement("div");
        popup.id = "xp-popup";
        popup.className = "xp-popup";
        popup.setAttribute("role", "tooltip");
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
    var tip = doc.getElementById(trigger.getAttribute("data-xp-tip"));
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

  /* Hide after a grace delay, unless pointer or keyboard focus is back. */
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
    var rects = current.getClientRects();
    var r = rects.length ? rects[0] : current.getBoundingClientRect();
    var vw = doc.documentElement.clientWidth || window.innerWidth;
    var vh = doc.documentElement.clientHeight || window.innerHeight;
    if (r.bottom < 0 || r.top > vh) { hide(); return; } /* scrolled out of view */
    p.style.maxWidth = Math.max(0, vw - 2 * MARGIN) + "px";
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
    var left = Math.max(MARGIN, Math.min(r.left, vw - MARGIN - w));
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

  /* --- pointer (mouse, pen) ------------------------------------------- */

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

  /* --- keyboard focus ------------------------------------------------- */

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
        hide(); /* focus is not touched: it stays on the trigger */
      }
      return;
    }
    if (!e.ctrlKey && !e.metaKey && !e.altKey) lastPointer = "key";
  });

  /* --- click / tap ---------------------------------------------------- */

  doc.addEventListener("click", function (e) {
    var t = triggerOf(e.target);
    var type = e.pointerType || lastPointer;
    if (t && type === "touch") {
      if (tapOpen && t === current) {
        tapOpen = false;
        hide(); /* second tap: follow the link */
        return;
      }
      /* first tap: open, do not navigate (also keeps Material's instant
         navigation, which listens on body, from seeing the click) */
      e.preventDefault();
      e.stopPropagation();
      muted = null;
      show(t);
      return;
    }
    if (!t && isOpen() && !inPopup(e.target)) hide();
  }, true);

  /* --- viewport changes ----------------------------------------------- */

  window.addEventListener("scroll", schedulePlace, { passive: true, capture: true });
  window.addEventListener("resize", schedulePlace, { passive: true });

  /* --- Material instant navigation ------------------------------------ */

  function subscribe() {
    var d = window.document$;
    if (d && typeof d.subscribe === "function") {
      d.subscribe(function () { hide(); muted = null; overTrigger = false; });
      return true;
    }
    return false;
  }
  function init() {
    getPopup();
    subscribe();
  }
  if (doc.body && subscribe()) getPopup();
  else doc.addEventListener("DOMContentLoaded", init, { once: true });
})();
