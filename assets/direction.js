// The page's language and direction (issue 18): Streamlit serves every page
// with lang="en" on its html element and has no setting for either
// (https://github.com/streamlit/streamlit/issues/15726; right to left:
// https://github.com/streamlit/streamlit/issues/552). Set both on the
// document root, not on the main block: menus, popovers and tooltips are
// drawn outside it. bodymap/ui/assets.py puts {"lang": ..., "dir": ...} in
// place of the argument at the bottom, on every whole-page run.
(function (settings) {
  var root = document.documentElement;
  if (root.getAttribute("lang") !== settings.lang) root.setAttribute("lang", settings.lang);
  if (root.getAttribute("dir") !== settings.dir) root.setAttribute("dir", settings.dir);
})(BODYMAP_DIRECTION);
