// Network: reactions to posts without a reload (forums/reactions.jinja). Without this
// file each button sends the page's reaction form and the page comes back at the post;
// with it the same form goes by fetch, and the button and counts change in place.
// "Who reacted" shows its list (the page it links to) on hover and keyboard focus.
"use strict";

(() => {
    const form = document.getElementById("reaction-form");
    if (!form) return;

    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.after(status);

    const lists = new Map(); // a "who reacted" address → its list, once fetched

    form.addEventListener("submit", async (event) => {
        const button = event.submitter;
        if (!button || !button.matches("[data-reaction]")) return;
        event.preventDefault();
        const body = new FormData(form);
        body.append(button.name, button.value);
        button.disabled = true;
        try {
            const response = await fetch(button.formAction, {
                method: "POST",
                body,
                headers: { Accept: "application/json" },
                credentials: "same-origin",
            });
            const answer = await response.json();
            if (!response.ok) {
                status.textContent = answer.error || "";
                return;
            }
            const group = button.closest("[data-reactions]");
            show(group, answer.counts);
            button.name = answer.pressed ? "remove" : "add";
            button.setAttribute("aria-pressed", answer.pressed ? "true" : "false");
            const who = group.querySelector("[data-who]");
            if (who) lists.delete(who.href);
        } catch {
            // The page's own way, as without JavaScript.
            const asked = document.createElement("input");
            asked.type = "hidden";
            asked.name = button.name;
            asked.value = button.value;
            form.append(asked);
            form.action = button.formAction;
            form.submit();
        } finally {
            button.disabled = false;
            button.focus();
        }
    });

    function show(group, counts) {
        let total = 0;
        for (const button of group.querySelectorAll("[data-reaction]")) {
            const count = counts[button.value] || 0;
            total += count;
            button.querySelector("[data-count]").textContent = count ? String(count) : "";
        }
        const who = group.querySelector("[data-who]");
        if (who) who.hidden = total === 0;
    }

    // Who reacted: the list page's #reactions-list, as text, in a tooltip.
    let shown = null;
    let serial = 0;

    async function listFor(link) {
        if (!lists.has(link.href)) {
            const response = await fetch(link.href, { credentials: "same-origin" });
            if (!response.ok) return null;
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            const found = page.getElementById("reactions-list");
            if (!found) return null;
            const lines = [];
            for (const section of found.querySelectorAll("section")) {
                const heading = section.querySelector("h2");
                const names = [...section.querySelectorAll("li")].map((li) => li.textContent.trim());
                lines.push(`${heading.textContent.trim()}: ${names.join(", ")}`);
            }
            lists.set(link.href, lines);
        }
        return lists.get(link.href);
    }

    async function open(link) {
        const lines = await listFor(link);
        if (!lines || !lines.length) return;
        close();
        const tip = document.createElement("div");
        tip.className = "reactions__tooltip";
        tip.setAttribute("role", "tooltip");
        tip.id = `reactions-tip-${++serial}`;
        for (const line of lines) {
            const item = document.createElement("p");
            item.textContent = line;
            tip.append(item);
        }
        link.after(tip);
        link.setAttribute("aria-describedby", tip.id);
        shown = { link, tip };
    }

    function close() {
        if (!shown) return;
        shown.link.removeAttribute("aria-describedby");
        shown.tip.remove();
        shown = null;
    }

    for (const link of document.querySelectorAll("[data-who]")) {
        link.addEventListener("mouseenter", () => open(link));
        link.addEventListener("focus", () => open(link));
        link.addEventListener("mouseleave", close);
        link.addEventListener("blur", close);
    }
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") close();
    });
})();
