package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HuggingFace's {@code vocab.txt}: UTF-8, one token per line, the token's id is its line number - 1. Lines may
 * end in LF or CRLF; a UTF-8 byte-order mark before the first token is skipped. Empty lines, tokens with
 * whitespace, repeated tokens and invalid UTF-8 are errors naming the file and line.
 */
final class VocabFile {
    private VocabFile() {}

    static List<String> read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int start = 0;
        int line = 0;
        while (start < bytes.length) {
            line++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String token;
            try {
                token = utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(path + " line " + line + ": not valid UTF-8");
            }
            if (line == 1 && token.startsWith("\uFEFF")) {
                token = token.substring(1);
            }
            check(path, line, token, firstLine);
            firstLine.put(token, line);
            tokens.add(token);
            start = end + 1;
        }
        if (tokens.isEmpty()) {
            throw new IOException(path + ": empty vocabulary file");
        }
        return tokens;
    }

    private static void check(Path path, int line, String token, Map<String, Integer> firstLine) throws IOException {
        if (token.isEmpty()) {
            throw new IOException(path + " line " + line + ": empty line, expected one token per line");
        }
        if (token.codePoints().anyMatch(BasicTokenizer::isWhitespace)) {
            throw new IOException(path + " line " + line + ": token '" + token + "' contains whitespace");
        }
        Integer before = firstLine.get(token);
        if (before != null) {
            throw new IOException(path + " line " + line + ": token '" + token + "' repeats line " + before);
        }
    }

    /** Writes the tokens one per line (LF), to a temporary file in the same folder that is then renamed. */
    static void write(Path path, List<String> tokens) throws IOException {
        Path target = path.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            sb.append(t).append('\n');
        }
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
