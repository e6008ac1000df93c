// The page of 'votes serve': an inline SVG bar chart of /api/weeks (no library), the upload form, the latest runs.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svg(name, attributes, parent) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
        element.setAttribute(key, value);
    }
    if (parent) {
        parent.appendChild(element);
    }
    return element;
}

function weekLabel(week) {
    return week.Year + "-W" + String(week.WeekNumber).padStart(2, "0");
}

async function getJson(url) {
    const response = await fetch(url, {headers: {"Accept": "application/json"}});
    const body = await response.json();
    if (!response.ok) {
        throw new Error(body.error || response.statusText);
    }
    return body;
}

function drawChart(weeks) {
    const chart = document.getElementById("chart");
    chart.replaceChildren();
    const summary = document.getElementById("chart-summary");
    const list = document.getElementById("outlier-list");
    list.replaceChildren();
    if (weeks.length === 0) {
        summary.textContent = "No votes yet: upload a file below.";
        chart.dataset.weeks = "0";
        chart.dataset.outliers = "0";
        return;
    }
    const outliers = weeks.filter(week => week.outlier);
    const mean = weeks[0].mean;
    summary.textContent = weeks.length + " weeks, mean " + mean.toFixed(1) + " votes per week, band "
        + weeks[0].lower.toFixed(1) + " to " + weeks[0].upper.toFixed(1) + "; " + outliers.length + " outlier weeks.";

    const width = 1000, height = 360, left = 50, right = 10, top = 10, bottom = 40;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const max = Math.max(weeks[0].upper, ...weeks.map(week => week.VoteCount)) * 1.05;
    const y = value => top + plotHeight - (value / max) * plotHeight;
    const step = plotWidth / weeks.length;
    const root = svg("svg", {viewBox: "0 0 " + width + " " + height, "data-weeks": weeks.length}, chart);

    svg("rect", {class: "band", x: left, width: plotWidth, y: y(weeks[0].upper),
        height: y(weeks[0].lower) - y(weeks[0].upper)}, root);
    weeks.forEach((week, index) => {
        const bar = svg("rect", {
            class: week.outlier ? "bar outlier" : "bar",
            x: left + index * step + step * 0.1, width: Math.max(step * 0.8, 0.5),
            y: y(week.VoteCount), height: Math.max(y(0) - y(week.VoteCount), 0.5),
            "data-week": weekLabel(week), "data-count": week.VoteCount
        }, root);
        svg("title", {}, bar).textContent = weekLabel(week) + ": " + week.VoteCount + " votes"
            + (week.outlier ? " (outlier)" : "");
    });
    svg("line", {class: "mean", x1: left, x2: left + plotWidth, y1: y(mean), y2: y(mean)}, root);
    svg("line", {class: "axis", x1: left, x2: left + plotWidth, y1: y(0), y2: y(0)}, root);
    svg("line", {class: "axis", x1: left, x2: left, y1: top, y2: y(0)}, root);
    for (let i = 0; i <= 4; i++) {
        const value = Math.round(max * i / 4);
        svg("text", {class: "tick", x: left - 6, y: y(value) + 4, "text-anchor": "end"}, root).textContent = value;
    }
    const every = Math.max(1, Math.ceil(weeks.length / 12));
    weeks.forEach((week, index) => {
        if (index % every === 0) {
            svg("text", {class: "tick", x: left + index * step + step / 2, y: height - bottom + 16,
                "text-anchor": "middle"}, root).textContent = weekLabel(week);
        }
    });

    for (const week of outliers) {
        const item = document.createElement("li");
        item.dataset.week = weekLabel(week);
        item.textContent = weekLabel(week) + ": " + week.VoteCount;
        list.appendChild(item);
    }
    chart.dataset.weeks = String(weeks.length);
    chart.dataset.outliers = String(outliers.length);
}

function drawRuns(runs) {
    const body = document.querySelector("#runs tbody");
    body.replaceChildren();
    for (const run of runs) {
        const row = document.createElement("tr");
        const cells = [run.run_id, run.status, run.started_at,
            (run.files || []).map(file => file.split("/").pop()).join(" "),
            run.rows_read, run.rows_inserted, run.duplicates_skipped, run.rows_rejected];
        cells.forEach((value, index) => {
            const cell = document.createElement("td");
            cell.textContent = value === null || value === undefined ? "" : String(value);
            if (index >= 4 || index === 0) {
                cell.className = "number";
            }
            row.appendChild(cell);
        });
        body.appendChild(row);
    }
}

async function refresh() {
    try {
        const [weeks, runs] = await Promise.all([getJson("/api/weeks"), getJson("/api/runs?limit=10")]);
        drawChart(weeks);
        drawRuns(runs);
        document.body.dataset.loaded = "true";
    } catch (error) {
        document.getElementById("chart-summary").textContent = "Could not load the data: " + error.message;
    }
}

async function upload(event) {
    event.preventDefault();
    const result = document.getElementById("upload-result");
    const files = document.getElementById("files").files;
    const token = document.getElementById("token").value;
    const form = new FormData();
    for (const file of files) {
        form.append("file", file, file.name);
    }
    result.className = "result";
    result.textContent = "Uploading " + files.length + " file(s)…";
    delete result.dataset.status;
    try {
        const headers = token ? {"Authorization": "Bearer " + token} : {};
        const response = await fetch("/api/ingest", {method: "POST", body: form, headers: headers});
        const body = await response.json().catch(() => ({error: response.statusText}));
        if (response.ok) {
            result.className = response.status === 207 ? "result warn" : "result ok";
            result.textContent = "Run " + body.run_id + " " + body.status + ": read " + body.rows_read
                + ", inserted " + body.rows_inserted + ", duplicates " + body.duplicates_skipped
                + ", rejected " + body.rows_rejected
                + (body.files_skipped.length ? ", skipped " + body.files_skipped.length + " unchanged file(s)" : "");
        } else {
            result.className = "result error";
            result.textContent = "HTTP " + response.status + ": " + (body.error || response.statusText);
        }
        result.dataset.status = String(response.status);
    } catch (error) {
        result.className = "result error";
        result.textContent = "Upload failed: " + error.message;
        result.dataset.status = "error";
    }
    await refresh();
}

document.getElementById("upload-form").addEventListener("submit", upload);
refresh();
