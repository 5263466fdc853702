// Network: an event's time on the reader's own clock, when it is none of the clocks the
// page already shows (templates/blog/includes/event_when.html). Without this file the
// page shows the event's zone and the site's.
"use strict";

for (const line of document.querySelectorAll("[data-your-time]")) {
    const start = new Date(line.dataset.start);
    const end = new Date(line.dataset.end);
    const mine = [start, end].map((moment) => -moment.getTimezoneOffset());
    const shown = line.dataset.shownOffsets.split(" ").map(Number);
    let alreadyShown = false;
    for (let i = 0; i + 1 < shown.length; i += 2) {
        alreadyShown ||= shown[i] === mine[0] && shown[i + 1] === mine[1];
    }
    if (alreadyShown || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) continue;
    const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        weekday: "long",
        month: "long",
        day: "numeric",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZoneName: "short",
    });
    line.querySelector("span").textContent = format.formatRange(start, end);
    line.hidden = false;
}
