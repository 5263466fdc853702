// Network: replies that arrive while a thread is open (forums/live.py says how). The
// page asks every few seconds whether the thread has changed, with the ETag it was
// given; "no" is a 304 that costs the server one query. New posts are placed in the
// tree after the post the server names, marked new, and said to screen readers in the
// polite status region. Without this file the page is the same, less the news.
"use strict";

{
    const tree = document.querySelector("[data-live]");
    const status = document.querySelector("[data-live-status]");
    const EVERY_MS = 6000; // forums.live.POLL_SECONDS
    const HIDDEN_MS = 60000; // a tab out of sight asks seldom
    const MOST_MS = 300000; // the longest wait after errors

    if (tree && status && window.fetch) {
        let etag = tree.dataset.liveEtag;
        let newest = 0;
        for (const post of tree.querySelectorAll(".post[id^='post-']")) {
            newest = Math.max(newest, Number(post.id.slice(5)) || 0);
        }
        let failures = 0;
        let timer = null;
        let unseen = 0;
        const title = document.title;

        const wait = () => {
            if (failures) return Math.min(MOST_MS, EVERY_MS * 2 ** failures);
            return document.hidden ? HIDDEN_MS : EVERY_MS;
        };

        const schedule = (ms) => {
            clearTimeout(timer);
            timer = setTimeout(ask, ms);
        };

        const place = (post, previous) => {
            post.classList.add("post--new");
            const label = document.createElement("span");
            label.className = "badge post__new";
            label.textContent = tree.dataset.liveNew;
            post.querySelector(".post__header")?.prepend(label);
            // A reply under a collapsed post is folded with it (site.js): its nearest
            // ancestor on the page is the first post before it that is less deep.
            const depth = Number(post.dataset.depth);
            let ancestor = previous;
            while (ancestor?.classList.contains("post") && Number(ancestor.dataset.depth) >= depth) {
                ancestor = ancestor.previousElementSibling;
            }
            if (ancestor?.matches("[data-collapsed], [data-folded]")) post.toggleAttribute("data-folded", true);
            previous.after(post);
            showCollapseButtons(post);
        };

        const announce = (words) => {
            // Emptied first, so that the same words twice are said twice.
            status.textContent = "";
            setTimeout(() => { status.textContent = words; }, 100);
        };

        const arrive = (answer) => {
            const holder = document.createElement("template");
            holder.innerHTML = answer.html;
            let placed = 0;
            for (const [id, after] of answer.placed) {
                const post = holder.content.getElementById(`post-${id}`);
                const previous = document.getElementById(`post-${after}`);
                if (!post || !previous || document.getElementById(`post-${id}`)) continue;
                place(post, previous);
                placed += 1;
            }
            newest = Math.max(newest, answer.newest);
            const replies = document.querySelector("[data-live-replies]");
            if (replies) replies.textContent = answer.replies;
            if (!placed) return;
            announce(answer.announcement);
            if (document.hidden) {
                unseen += placed;
                document.title = `(${unseen}) ${title}`;
            }
        };

        const ask = async () => {
            const url = `${tree.dataset.live}&after=${newest}`;
            try {
                const response = await fetch(url, {
                    headers: { "If-None-Match": etag, Accept: "application/json" },
                    cache: "no-store",
                    credentials: "same-origin",
                });
                if (response.status === 200) {
                    etag = response.headers.get("ETag") || etag;
                    arrive(await response.json());
                } else if (response.status !== 304) {
                    // Gone, or no longer open to this reader: the page stays as it is.
                    if (response.status >= 400 && response.status < 500) return;
                    throw new Error(String(response.status));
                }
                failures = 0;
            } catch {
                failures += 1;
            }
            schedule(wait());
        };

        document.addEventListener("visibilitychange", () => {
            if (document.hidden) return;
            unseen = 0;
            document.title = title;
            if (!failures) schedule(500); // back in sight: ask now, not in a minute
        });

        schedule(EVERY_MS);
    }
}
