"""What "phone-first" means in a browser test: at the page's width, every action of the
main content can be reached without scrolling sideways."""

# Buttons, links and form controls a user acts on (a <details> opens by its <summary>);
# hidden ones (a collapsed menu, a closed dialog) do not count.
ACTIONS = (
    "main a[href], main button, main input:not([type=hidden]), main select, main textarea, main label.btn, "
    "main summary, main [role=button]"
)

_OUTSIDE = """(selector) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    // A control inside a box that scrolls sideways is only reachable by scrolling it.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      // Hidden and clipped boxes cut the control off as surely as a scrolling one hides it.
      const scrolls = ['auto', 'scroll', 'hidden', 'clip'].includes(overflow);
      if (scrolls && p.scrollWidth > p.clientWidth + 1) {
        const outer = p.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) clipped = true;
      }
    }
    if (clipped || box.left < -1 || box.right > width + 1) {
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40);
      out.push(`${el.tagName.toLowerCase()} "${text}" at ${Math.round(box.left)}–${Math.round(box.right)}px`);
    }
  }
  return out;
}"""


def actions_outside_viewport(page) -> list[str]:
    """The actions of the main content that lie (partly) outside the viewport's width, or
    inside a sideways-scrolling box beyond its visible part; empty when all are reachable."""
    return page.evaluate(_OUTSIDE, ACTIONS)


def _measure(page):
    width = page.evaluate("document.documentElement.clientWidth")
    return width, page.evaluate("document.documentElement.scrollWidth"), actions_outside_viewport(page)


def assert_phone_friendly(page) -> None:
    """No sideways scrolling of the page, and every action of the main content in view."""
    # A click that navigates may still be swapping documents when this runs; then the
    # measurement hits no document at all: wait for the next one and measure that.
    from playwright.sync_api import Error

    try:
        page.wait_for_load_state("load")
        width, scroll_width, outside = _measure(page)
    except Error:
        page.wait_for_load_state("load")
        width, scroll_width, outside = _measure(page)
    assert scroll_width <= width, "the page scrolls sideways"
    assert not outside, f"actions out of reach at {width}px: {outside}"
