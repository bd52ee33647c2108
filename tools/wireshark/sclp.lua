-- SPDX-License-Identifier: GPL-2.0
-- Wireshark dissector for SCLP, the Segment-oriented Connection-less Protocol
-- (paper section 4; wire format in proto/sclp.h), over IPv4 and IPv6.
--
--   tshark -X lua_script:tools/wireshark/sclp.lua -r cap.pcap
--   wireshark: copy to ~/.local/lib/wireshark/plugins/ (or `make -C tools install`)
--
-- Header: source port 16 | destination port 16 | identification 31 + F 1
-- (F = least significant bit of the word) | remaining 16 | checksum 16.
-- The checksum covers SCLP header + payload, no IP pseudo-header.
-- A first segment (F=1) to port 4789 / 6081 starts with a VXLAN / Geneve
-- header and is handed to Wireshark's dissector for it; other segments
-- carry the middle of a payload and are shown as data.
--
-- Preference: sclp.ipproto, the IP protocol number (default 234, the
-- authors' choice), e.g. `tshark -o sclp.ipproto:253 ...`.
-- Debian's tshark 4.0 runs Lua scripts as root (init.lua sets
-- run_user_scripts_when_superuser = true), so no extra option is needed.

local sclp = Proto("sclp", "Segment-oriented Connection-less Protocol")

local CSUM_BAD, CSUM_GOOD, CSUM_UNVERIFIED = 0, 1, 2
local csum_status_vals = { [0] = "Bad", [1] = "Good", [2] = "Unverified" }

local f = sclp.fields
f.srcport = ProtoField.uint16("sclp.srcport", "Source Port", base.DEC)
f.dstport = ProtoField.uint16("sclp.dstport", "Destination Port", base.DEC)
f.id = ProtoField.uint32("sclp.id", "Identification", base.HEX, nil, nil,
	"Identification word with the F bit masked off")
f.first = ProtoField.bool("sclp.first", "First segment (F)", 32, nil, 0x00000001)
f.remaining = ProtoField.uint16("sclp.remaining", "Remaining", base.DEC, nil, nil,
	"Payload bytes after this segment")
f.checksum = ProtoField.uint16("sclp.checksum", "Checksum", base.HEX)
f.checksum_status = ProtoField.uint8("sclp.checksum.status", "Checksum Status",
	base.DEC, csum_status_vals)
f.len = ProtoField.uint16("sclp.len", "Payload Length", base.DEC)

local ef_bad_csum = ProtoExpert.new("sclp.checksum.bad", "Bad checksum",
	expert.group.CHECKSUM, expert.severity.ERROR)
sclp.experts = { ef_bad_csum }

sclp.prefs.ipproto = Pref.uint("IP protocol number", 234,
	"IP protocol number SCLP is registered for (234 in the paper's code)")

local PORT_VXLAN, PORT_GENEVE = 4789, 6081
local HLEN = 12

local inner_names = { [PORT_VXLAN] = "vxlan", [PORT_GENEVE] = "geneve" }
local handles = {}

-- The VXLAN/Geneve dissector for a port. Tshark 4.0 registers neither by
-- name (Dissector.get("vxlan") gives nil), so fall back to the handle UDP
-- uses for that port. Looked up on first use: when this script loads, the
-- built-in handoffs are not all registered yet.
local function handle(port)
	if handles[port] == nil then
		local ok, d = pcall(Dissector.get, inner_names[port] or "data")
		if (not ok or not d) and inner_names[port] then
			ok, d = pcall(function()
				return DissectorTable.get("udp.port"):get_dissector(port)
			end)
		end
		handles[port] = ok and d or false
	end
	return handles[port]
end

-- One's complement sum of the whole range, folded: 0xffff when valid.
local function csum_fold(tvb, len)
	local bytes = tvb:range(0, len):bytes()
	local sum = 0
	for i = 0, len - 2, 2 do
		sum = sum + bytes:get_index(i) * 256 + bytes:get_index(i + 1)
	end
	if len % 2 == 1 then
		sum = sum + bytes:get_index(len - 1) * 256
	end
	while sum > 0xffff do
		sum = (sum % 0x10000) + math.floor(sum / 0x10000)
	end
	return sum
end

function sclp.dissector(tvb, pinfo, tree)
	local len = tvb:reported_length_remaining()
	if len < HLEN or tvb:len() < HLEN then
		return 0
	end
	pinfo.cols.protocol = "SCLP"

	local sport = tvb(0, 2):uint()
	local dport = tvb(2, 2):uint()
	local word = tvb(4, 4):uint()
	local first = word % 2 == 1
	local id = word - word % 2
	local rem = tvb(8, 2):uint()
	local paylen = len - HLEN

	local t = tree:add(sclp, tvb(0, HLEN))
	t:add(f.srcport, tvb(0, 2))
	t:add(f.dstport, tvb(2, 2))
	t:add(f.id, tvb(4, 4), id)
	t:add(f.first, tvb(4, 4))
	t:add(f.remaining, tvb(8, 2))
	local ck = t:add(f.checksum, tvb(10, 2))
	t:add(f.len, paylen):set_generated()

	-- Captured bytes short of the packet (snaplen) cannot be verified.
	local status = CSUM_UNVERIFIED
	if tvb:len() >= len then
		status = csum_fold(tvb, len) == 0xffff and CSUM_GOOD or CSUM_BAD
	end
	ck:add(f.checksum_status, status):set_generated()
	if status == CSUM_BAD then
		ck:add_proto_expert_info(ef_bad_csum)
	end

	t:append_text(string.format(", Src Port: %d, Dst Port: %d, Id: 0x%08x%s, Rem: %d, Len: %d",
		sport, dport, id, first and " (first)" or "", rem, paylen))
	pinfo.cols.info = string.format("%d \226\134\146 %d Id=0x%08x%s Rem=%d Len=%d%s",
		sport, dport, id, first and " F" or "", rem, paylen,
		status == CSUM_BAD and " [BAD CHECKSUM]" or "")

	if paylen > 0 then
		local payload = tvb(HLEN):tvb()
		local d = first and inner_names[dport] and handle(dport)
		if not d then
			d = handle(0)
		end
		d:call(payload, pinfo, tree)
	end
	return len
end

local registered
local function register()
	local ipt = DissectorTable.get("ip.proto")
	if registered then
		ipt:remove(registered, sclp)
	end
	registered = sclp.prefs.ipproto
	ipt:add(registered, sclp)
end

sclp.prefs_changed = register
register()
