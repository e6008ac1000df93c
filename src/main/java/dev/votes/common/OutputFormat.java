package dev.votes.common;

/** How a command writes its data to stdout. */
public enum OutputFormat {
    table, csv, json, markdown
}
