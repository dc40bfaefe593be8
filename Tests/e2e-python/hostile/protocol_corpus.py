"""The protocol group's seeded corpus of malformed, odd and oversized request lines."""

SUBMIT_FIELDS = ["model", "mode", "primer_base64", "primer_path", "job", "take", "artist", "genres", "lyrics",
                 "prompt_seconds", "seconds", "song_seconds", "offset_seconds", "takes", "seed", "temperatures",
                 "temperature", "top_k", "top_p", "levels", "hop_fractions", "format", "watch"]
# Raw JSON texts of values of every type, and numbers at the edges of what JSON can say.
ODD_VALUES = ["null", "true", "false", "0", "-1", "1.5", "-0", "-0.0", '"x"', '""', "[]", "{}", "[1,2,3]", '["a"]',
              '{"a":1}', "1e308", "-1e308", "1e309", "5e-324", "-5e-324", "2.5e-308", "9223372036854775807",
              "9223372036854775808", "18446744073709551616", "-9223372036854775809", "1" * 400, "0.1e-99999",
              "1E+2", '"\\u0000"', '"\\ud800"', '"\\udfff\\ud800"', '"' + "\\u00e9" * 50 + '"', "[[[[[]]]]]", "1201",
              "3601", "[2,1,0,0]", "[0.5,0.5]", '["wav"]', "[null,null,null]", "[1e-45,1,1]"]
BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82",
            b"\x80", b"\xf4\x90\x80\x80", b"\xc3"]


def protocol_corpus(rng, max_line):
    """Lines (without LF) to send, each answered by the daemon with exactly one line, except
    empty ones."""
    lines = []
    base = b'{"op":"submit","id":%d,"model":"tiny","mode":"ancestral","seconds":0.1,"takes":1,"levels":[2]'
    counter = [0]

    def next_id():
        counter[0] += 1
        return counter[0]

    # Every submit member with every odd value (the rest of the request is valid). "watch": true
    # would stream events, and a 1200-second job would hold the worker: neither is sent.
    for field in SUBMIT_FIELDS:
        for value in ODD_VALUES:
            if field == "watch" and value == "true":
                continue
            lines.append(base % next_id() + b',"%s":%s}' % (field.encode(), value.encode()))
    # Odd values in the members of the other operations.
    for op, fields in [("labels", ["model", "artist", "genre", "limit"]), ("watch", ["job"]), ("cancel", ["job"]),
                       ("fetch", ["job", "take", "level", "tokens", "format"]), ("jobs", ["x"]), ("status", ["x"])]:
        for field in fields:
            for value in rng.sample(ODD_VALUES, 12):
                lines.append(b'{"op":"%s","id":%d,"%s":%s}' % (op.encode(), next_id(), field.encode(), value.encode()))
    # Odd ids and ops.
    for value in ODD_VALUES:
        lines.append(b'{"op":"status","id":%s}' % value.encode())
        lines.append(b'{"op":%s,"id":%d}' % (value.encode(), next_id()))
    for _ in range(60):
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_-") for _ in range(rng.randint(1, 40)))
        lines.append(b'{"op":"%s","id":%d}' % (name.encode(), next_id()))
        lines.append(b'{"op":"status","id":%d,"%s":1}' % (next_id(), name.encode()))
    # Malformed JSON: cut and mangled valid lines, classic mistakes, random bytes.
    valid = [b'{"op":"status","id":1}', b'{"op":"models","id":"m"}', base % 5 + b"}",
             b'{"op":"labels","id":2,"model":"tiny","artist":"demo"}']
    for _ in range(600):
        line = bytearray(rng.choice(valid))
        kind = rng.randrange(4)
        if kind == 0:
            line = line[:rng.randrange(1, len(line))]
        elif kind == 1:
            for _ in range(rng.randint(1, 4)):
                line[rng.randrange(len(line))] = rng.choice(b'{}[]",:\\ 0123456789aeflnrstu.-+')
        elif kind == 2:
            position = rng.randrange(len(line))
            line[position:position] = rng.choice([b",", b",,", b"\\", b'"', b"}", b"]", b":", b"//x", b"/*x*/"])
        else:
            line = bytearray(rng.randrange(1, 256) for _ in range(rng.randint(1, 200)))
        line = bytes(line).replace(b"\n", b" ")
        if line.strip(b" \t\r"):
            lines.append(line)
    for text in ['{"op":"status","id":1,}', "{'op':'status','id':1}", '{"op":"status","id":NaN}',
                 '{"op":"status","id":Infinity}', '{"op":"status","id":-Infinity}', '{"op":"status" "id":1}',
                 '{"op":"status","id":1}{"op":"status","id":2}', '{"op":"status","id":1} x', "[]", "null", "1", '"x"',
                 "true", '{"op":"status","op":"status","id":1}', '{"op":"status","id":1,"id":2}', "{", "}", '{"op"',
                 '{"op":"status","id":01}', '{"op":"status","id":1.}', '{"op":"status","id":.5}', '{"op":"status","id":+1}',
                 '{"op":"status","id":0x10}', '{"op":"status","id":"\\x41"}', '{"op":"status","id":"\\u12"}',
                 '{"op":"status","id":"tab\there"}', '\ufeff{"op":"status","id":1}', "\x0b{}", "{\"op\":\"st\\u0061tus\",\"id\":1}"]:
        lines.append(text.encode("utf-8"))
    # Invalid UTF-8 in strings, keys and between tokens.
    for bad in BAD_UTF8:
        lines.append(b'{"op":"status","id":"' + bad + b'"}')
        lines.append(b'{"op":"status","' + bad + b'":1,"id":3}')
        lines.append(b'{"op":"labels","id":4,"model":"tiny","artist":"a' + bad + b'b"}')
        lines.append(bad + b'{"op":"status","id":5}')
    # NUL bytes.
    for text in [b"\x00", b'{"op":"status","id":1}\x00', b'\x00{"op":"status","id":1}', b'{"op":"st\x00atus","id":1}',
                 b'{"op":"status","id":"\x00"}', b'{"op":"status",\x00"id":1}', b"\x00" * 1000]:
        lines.append(text)
    # Nesting around the limit of 16, and far past it.
    for depth in [14, 15, 16, 17, 18, 64, 1000, 20000]:
        lines.append(b'{"op":"status","id":%d,"x":' % next_id() + b"[" * depth + b"]" * depth + b"}")
        lines.append(b'{"op":"status","id":%d,"x":' % next_id() + b'{"a":' * depth + b"1" + b"}" * depth + b"}")
    for depth in [17, 5000, 30000]:
        lines.append(b"[" * depth)
        lines.append(b'{"a":' * depth)
    # Lines at and past max_line_bytes.
    for size in [max_line - 1, max_line, max_line + 1, max_line + 2, 2 * max_line, 1 << 20]:
        filler = rng.choice([b"x", b"[", b"{", b'"', b"\xff", b" "])
        line = (b'{"op":"status","id":1,"x":"' + filler * size)[:size]
        if not line.strip(b" \t\r"):
            line = b"y" + line[1:]
        lines.append(line)
    # Valid requests, some with CR LF endings (the CR is dropped).
    for i in range(200):
        lines.append(rng.choice([b'{"op":"status","id":%d}', b'{"op":"models","id":%d}', b'{"op":"jobs","id":%d}',
                                 b'{"op":"labels","id":%d,"model":"tiny"}']) % next_id() + rng.choice([b"", b"\r"]))
    rng.shuffle(lines)
    return lines


def answered_line_count(lines):
    """Lines the daemon must answer: all but empty ones (a lone CR before the LF is dropped)."""
    return sum(1 for line in lines if line not in (b"", b"\r"))
