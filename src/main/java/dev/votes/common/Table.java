package dev.votes.common;

import java.util.List;

/** A small result to print: column names and rows of plain values (numbers, strings, nulls). */
public record Table(List<String> columns, List<List<Object>> rows) {
}
