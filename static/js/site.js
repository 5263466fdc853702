// Network: small enhancements. Everything works without this file.
"use strict";

// Click-to-play video: the provider's player (and its requests) load only when asked.
document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-embed-src]");
    if (!link) return;
    event.preventDefault();
    const iframe = document.createElement("iframe");
    iframe.src = link.dataset.embedSrc + (link.dataset.embedSrc.includes("?") ? "&" : "?") + "autoplay=1";
    iframe.title = link.textContent.trim();
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.className = "video__player";
    link.replaceWith(iframe);
    iframe.focus();
});

// Collapse a post and everything under it. The posts are a flat list in tree order, so a
// post's subtree is every following post deeper than it. The button's words are the
// page's (data-expand, and its own text for Collapse); posts that arrive later (live.js)
// show their buttons with `showCollapseButtons`.
const showCollapseButtons = (root) => {
    for (const button of root.querySelectorAll("[data-collapse]")) button.hidden = false;
};
showCollapseButtons(document);
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-collapse]");
    if (!button) return;
    const post = button.closest(".post");
    const depth = Number(post.dataset.depth);
    const collapsing = button.getAttribute("aria-expanded") === "true";
    if (collapsing) button.dataset.collapseWord = button.textContent;
    button.setAttribute("aria-expanded", String(!collapsing));
    button.textContent = collapsing ? button.dataset.expand : button.dataset.collapseWord;
    post.toggleAttribute("data-collapsed", collapsing);
    let next = post.nextElementSibling;
    while (next && next.classList.contains("post") && Number(next.dataset.depth) > depth) {
        next.toggleAttribute("data-folded", collapsing);
        next = next.nextElementSibling;
    }
});

// On paper a link in an article's or event's body is followed by its address (site.css,
// @media print): in full for a site-relative link, and not at all when the link's text
// already is its address.
{
    const bare = (address) => address.trim().replace(/^[a-z]+:\/\//i, "").replace(/^www\./i, "").replace(/\/$/, "");
    for (const link of document.querySelectorAll(".article a[href], .event a[href]")) {
        if (bare(link.textContent) === bare(link.href)) link.dataset.showsAddress = "";
        else if (link.getAttribute("href").startsWith("/")) link.dataset.printHref = link.href;
    }
}
