import hashlib, hmac, json, sys

def winners(seed, entries, wanted, max_wins):
    counter = 0
    def below(m):  # an unbiased integer in [0, m)
        nonlocal counter
        while True:
            block = hmac.new(seed, counter.to_bytes(8, "big"), hashlib.sha256).digest()
            counter += 1
            x = int.from_bytes(block[:8], "big")
            if x < 2**64 - 2**64 % m:
                return x % m
    pos, wins, won = list(range(len(entries))), {}, []
    for i in range(len(entries)):
        if len(won) == wanted:
            break
        j = i + below(len(entries) - i)
        pos[i], pos[j] = pos[j], pos[i]
        entrant = entries[pos[i]]["entrant"]
        if wins.get(entrant, 0) < max_wins:
            wins[entrant] = wins.get(entrant, 0) + 1
            won.append(entries[pos[i]]["id"])
    return won

r = json.load(open(sys.argv[1]))
seed = bytes.fromhex(r["seed"])
listing = "".join(f'{c["id"]} {c["entrant"]}\n' for c in r["entries"]).encode("ascii")
print("seed   ", hashlib.sha256(seed).hexdigest() == r["commitment"])
print("list   ", hashlib.sha256(listing).hexdigest() == r["entriesDigest"])
print("winners", winners(seed, r["entries"], r["winnersWanted"], r["maxWinsPerEntrant"]) == r["winners"])
