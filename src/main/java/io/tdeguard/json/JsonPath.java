package io.tdeguard.json;

/**
 * Where a value sits in the document being canonicalized, for error messages only: {@code $}, {@code $.a.b},
 * {@code $.list[2]}, {@code $["key with spaces"]}.
 */
record JsonPath(JsonPath parent, String key, int index) {

    static final JsonPath ROOT = new JsonPath(null, null, -1);

    JsonPath child(String memberKey) {
        return new JsonPath(this, memberKey, -1);
    }

    JsonPath child(int elementIndex) {
        return new JsonPath(this, null, elementIndex);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "$";
        }
        StringBuilder out = new StringBuilder(parent.toString());
        if (key == null) {
            out.append('[').append(index).append(']');
        } else if (isPlainName(key)) {
            out.append('.').append(key);
        } else {
            out.append("[\"");
            // printable ASCII as is, everything else escaped: a message must be safe to log whatever the key holds
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c >= 0x20 && c < 0x7f) {
                    out.append(c);
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
            out.append("\"]");
        }
        return out.toString();
    }

    private static boolean isPlainName(String name) {
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameStart(name.charAt(i)) && !(name.charAt(i) >= '0' && name.charAt(i) <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
