// MathJax 3, served from this site (assets/mathjax/). Markdown pages hand it \( \) and \[ \]
// from pymdownx.arithmatex; lecture pages keep the notebook's $ and $$.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore",
  },
};
