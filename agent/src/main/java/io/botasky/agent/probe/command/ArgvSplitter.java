package io.botasky.agent.probe.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code command = ...} line into argv the way a POSIX shell splits words, and does
 * nothing else a shell does (docs/probes/command.md, "How the command line is split").
 *
 * <p>Blanks (space, tab) separate words. Inside {@code '...'} every character is itself. Inside
 * {@code "..."} a backslash escapes only {@code \ " $ `} and is kept before anything else, as in a
 * shell. Outside quotes a backslash makes the next character itself. Quoted and unquoted parts next
 * to each other make one word, and {@code ''} is an empty argument. There is no expansion, no
 * globbing, no redirection and no second command: {@code $HOME}, {@code *}, {@code ;}, {@code |},
 * {@code &}, {@code >} reach the program as plain characters. Pure.
 */
public final class ArgvSplitter {
  private ArgvSplitter() {}

  /**
   * The words of {@code line}; empty when it holds none.
   *
   * @throws IllegalArgumentException naming what is wrong (an unterminated quote, a trailing
   *     backslash) and where, for the configuration error
   */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int close = line.indexOf('\'', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException(
              "unterminated single quote (opened at column " + (i + 1) + ")");
        }
        word.append(line, i + 1, close);
        inWord = true;
        i = close + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException(
              "ends in a lone backslash (column " + (i + 1) + "): write \\\\ for a backslash");
        }
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the text of the double-quoted part opened at {@code open}; returns the next index. */
  private static int doubleQuoted(String line, int open, StringBuilder word) {
    int i = open + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length() && "\\\"$`".indexOf(line.charAt(i + 1)) >= 0) {
        word.append(line.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException(
        "unterminated double quote (opened at column " + (open + 1) + ")");
  }

  /**
   * {@code words} with {@code :host:} and {@code :instance:} replaced inside every word, after the
   * split, so a replacement never makes or merges words. Pure.
   */
  public static List<String> substitute(List<String> words, String host, String instance) {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(w.replace(":host:", host).replace(":instance:", instance));
    }
    return List.copyOf(out);
  }
}
