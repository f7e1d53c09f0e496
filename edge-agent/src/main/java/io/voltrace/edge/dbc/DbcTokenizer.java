package io.voltrace.edge.dbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits DBC text into identifiers, numbers, strings and single-character punctuation, each with its line.
 * {@code //} comments are dropped. The whole file is tokenized up front: DBC files are small and the parser needs to
 * look ahead across lines (the {@code NS_} block has no terminator).
 */
final class DbcTokenizer {

    enum Kind { IDENT, NUMBER, STRING, PUNCT, EOF }

    /**
     * @param firstOnLine no other token precedes it on its line: DBC sections without {@code ;} end at line ends
     */
    record Token(Kind kind, String text, int line, int column, boolean firstOnLine) {

        boolean is(String punctOrWord) {
            return kind != Kind.STRING && kind != Kind.EOF && text.equals(punctOrWord);
        }

        /** How the token is shown in error messages. */
        String show() {
            return switch (kind) {
                case EOF -> "end of file";
                case STRING -> "string \"" + text + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int lastTokenLine;

    private DbcTokenizer(String source, String text) {
        this.source = source;
        this.text = text;
    }

    static List<Token> tokenize(String source, String text) throws DbcParseException {
        DbcTokenizer t = new DbcTokenizer(source, text);
        List<Token> tokens = new ArrayList<>(Math.max(16, text.length() / 4));
        Token token;
        do {
            token = t.next();
            tokens.add(token);
        } while (token.kind() != Kind.EOF);
        return tokens;
    }

    private Token next() throws DbcParseException {
        skipSpaceAndComments();
        int startLine = line;
        int column = pos - lineStart;
        boolean first = startLine != lastTokenLine;
        lastTokenLine = startLine;
        if (pos >= text.length()) {
            return new Token(Kind.EOF, "", startLine, column, first);
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return new Token(Kind.STRING, readString(startLine), startLine, column, first);
        }
        if (startsNumber()) {
            int start = pos;
            readNumber();
            if (pos < text.length() && isIdentPart(text.charAt(pos))) {
                // e.g. a node called 2ND_ECU: a number glued to letters is a name
                while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                    pos++;
                }
                return new Token(Kind.IDENT, text.substring(start, pos), startLine, column, first);
            }
            return new Token(Kind.NUMBER, text.substring(start, pos), startLine, column, first);
        }
        if (isIdentStart(c)) {
            int start = pos;
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENT, text.substring(start, pos), startLine, column, first);
        }
        pos++;
        return new Token(Kind.PUNCT, String.valueOf(c), startLine, column, first);
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                newLine(pos + 1);
                pos++;
            } else if (c == '\r') {
                pos++;
                if (pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                newLine(pos);
            } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\uFEFF') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void newLine(int nextLineStart) {
        line++;
        lineStart = nextLineStart;
    }

    /** Strings keep their line breaks; only {@code \"} and {@code \\} are escapes, other backslashes stay. */
    private String readString(int startLine) throws DbcParseException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                sb.append(text.charAt(pos++));
            } else {
                if (c == '\n' || c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n')) {
                    newLine(pos);
                }
                sb.append(c);
            }
        }
        throw new DbcParseException(source, startLine, "unterminated string");
    }

    private boolean startsNumber() {
        char c = text.charAt(pos);
        if (isDigit(c)) {
            return true;
        }
        if (c == '-' || c == '+') {
            return pos + 1 < text.length() && (isDigit(text.charAt(pos + 1))
                    || text.charAt(pos + 1) == '.' && pos + 2 < text.length() && isDigit(text.charAt(pos + 2)));
        }
        return c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1));
    }

    private void readNumber() {
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            return;
        }
        skipDigits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            skipDigits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                skipDigits();
            } else {
                pos = mark;
            }
        }
    }

    private void skipDigits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
