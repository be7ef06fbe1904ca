"""Round 17 (issue #15): access-control and signature precision on pre-0.8 audited code
(src/nexus/scan/detectors/access.py, _authvars.py, _oneshot.py, modern.py, _replay.py, dos.py,
_fixedcalls.py, _growth.py, _fieldcap.py).

* A write through a local storage pointer into one field of a record (`uint[] storage top =
  proposals[id].top; top.push(x);`) writes that field, not the record's authorising field
  (`proposals[id].admin`): no owner write. A pointer to the whole record (`P storage p = proposals[id];
  p.admin = x;`) still writes the admin field and stays high/medium.
* Claiming an entry nobody owns (`require(stakes[m].owner == address(0) || stakes[m].owner ==
  msg.sender); stakes[m].owner = msg.sender;`) is first come first served, not a takeover: low/low.
  Without the unowned check it stays high/medium.
* A one-shot initialiser latched by another variable only it sets to a non-zero value
  (`require(initialTimestamp == 0); ..; initialTimestamp = block.timestamp;`, or `require(avatar ==
  Avatar(0)); require(_avatar != Avatar(0)); avatar = _avatar;`) is the usual initialiser window:
  high/low. A latch some other function can reset, or one set to a value that may be zero, stays
  high/medium (also in Vyper).
* A signature over a whole `bytes` message the function decodes into a nonce (a raw transaction) carries
  its nonce: signature-replay drops the nonce claim (medium/low for the missing chain id). The same bytes
  decoded with no nonce stay high/medium.
* A loop calling the own controller (`Controller(avatar.owner())`) over a list only a one-shot initialiser
  fills is fixed at set-up: call-in-loop low. A list a public function grows stays medium.
* An array whose growth is capped by a record field every write keeps under a constant is bounded:
  no unbounded-loop. A field set from an unchecked caller number stays medium.

Benign twins are quiet (or lower), vulnerable twins keep their severity and confidence; Solidity 0.4 and
0.8 (Vyper for the initialiser latch)."""

from __future__ import annotations

from nexus.scan import scan_source


def _hits(src: str, detector: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector]


# --- a pointer into one field of a record -------------------------------------------------------

POINTER_08 = """pragma solidity ^0.8.20;
contract Contest {
    struct Proposal { address admin; uint256[] top; uint256 winners; }
    mapping(bytes32 => Proposal) public proposals;
    function suggest(bytes32 id) external {
        require(proposals[id].admin == msg.sender, "only admin");
        proposals[id].winners += 1;
    }
    function vote(bytes32 id, uint256 s) external {
        _refresh(id, s);
    }
    function _refresh(bytes32 id, uint256 s) private {
        %s
    }
}
"""
FIELD_PTR = "uint256[] storage top = proposals[id].top;\n        top.push(s);"
WHOLE_PTR = "Proposal storage p = proposals[id];\n        p.admin = address(uint160(s));"

POINTER_04 = """pragma solidity ^0.4.24;
contract Contest {
    struct Proposal { address admin; uint256[] top; uint256 winners; }
    mapping(bytes32 => Proposal) public proposals;
    function suggest(bytes32 id) public {
        require(proposals[id].admin == msg.sender);
        proposals[id].winners += 1;
    }
    function vote(bytes32 id, uint256 s) public {
        %s
    }
}
"""
FIELD_PTR_04 = "uint256[] storage top = proposals[id].top;\n        top.push(s);"
WHOLE_PTR_04 = "Proposal storage p = proposals[id];\n        p.admin = address(s);"


def test_pointer_into_another_field_is_no_owner_write_08() -> None:
    assert _hits(POINTER_08 % FIELD_PTR, "unprotected-owner-write") == []


def test_pointer_to_the_whole_record_still_writes_the_admin_08() -> None:
    assert _hits(POINTER_08 % WHOLE_PTR, "unprotected-owner-write") == [(10, "high", "medium")]


def test_pointer_into_another_field_is_no_owner_write_04() -> None:
    assert _hits(POINTER_04 % FIELD_PTR_04, "unprotected-owner-write") == []


def test_pointer_to_the_whole_record_still_writes_the_admin_04() -> None:
    assert _hits(POINTER_04 % WHOLE_PTR_04, "unprotected-owner-write") == [(11, "high", "medium")]


# --- claiming an unowned entry ------------------------------------------------------------------

CLAIM_08 = """pragma solidity ^0.8.20;
contract Stakes {
    struct Stake { address owner; uint256 amount; }
    mapping(address => Stake) public stakes;
    function stakeFor(address manager) external payable {
        %s
        stakes[manager].owner = msg.sender;
        stakes[manager].amount += msg.value;
    }
    function withdraw(address manager) external {
        require(stakes[manager].owner == msg.sender, "not owner");
        uint256 a = stakes[manager].amount;
        delete stakes[manager];
        payable(msg.sender).transfer(a);
    }
}
"""
UNOWNED = 'require(stakes[manager].owner == address(0) || stakes[manager].owner == msg.sender, "not owner");'
ANY = 'require(msg.sender != manager, "no self stake");'

CLAIM_04 = """pragma solidity ^0.4.24;
contract Stakes {
    struct Stake { address owner; uint256 amount; }
    mapping(address => Stake) public stakes;
    function stakeFor(address manager) public payable {
        %s
        stakes[manager].owner = msg.sender;
        stakes[manager].amount += msg.value;
    }
    function withdraw(address manager) public {
        require(stakes[manager].owner == msg.sender);
        uint256 a = stakes[manager].amount;
        delete stakes[manager];
        msg.sender.transfer(a);
    }
}
"""
UNOWNED_04 = "require(stakes[manager].owner == address(0));"
ANY_04 = "require(msg.sender != manager);"


def test_claiming_an_unowned_entry_is_low_08() -> None:
    assert _hits(CLAIM_08 % UNOWNED, "unprotected-owner-write") == [(7, "low", "low")]


def test_taking_any_entry_stays_08() -> None:
    assert _hits(CLAIM_08 % ANY, "unprotected-owner-write") == [(7, "high", "medium")]


def test_claiming_an_unowned_entry_is_low_04() -> None:
    assert _hits(CLAIM_04 % UNOWNED_04, "unprotected-owner-write") == [(7, "low", "low")]


def test_taking_any_entry_stays_04() -> None:
    assert _hits(CLAIM_04 % ANY_04, "unprotected-owner-write") == [(7, "high", "medium")]


# --- an initialiser latched by another variable ---------------------------------------------------

LATCH_08 = """pragma solidity ^0.8.20;
interface Avatar { function owner() external view returns (address); }
contract Scheme {
    Avatar public avatar;
    address public rewarder;
    uint256 public initialTimestamp;
    function initialize(Avatar _avatar, address _rewarder) external {
        require(%s, "once");
        require(_avatar != Avatar(address(0)), "zero");
        avatar = _avatar;
        initialTimestamp = %s;
        rewarder = _rewarder;
    }
    function redeem(address payable to) external {
        require(msg.sender == rewarder, "only rewarder");
        to.transfer(address(this).balance);
    }
    %s
}
"""
LATCH_04 = """pragma solidity ^0.4.24;
contract Avatar { address public owner; }
contract Scheme {
    Avatar public avatar;
    address public rewarder;
    uint256 public initialTimestamp;
    function initialize(Avatar _avatar, address _rewarder) public {
        require(%s);
        require(_avatar != Avatar(0));
        avatar = _avatar;
        initialTimestamp = %s;
        rewarder = _rewarder;
    }
    function redeem(address to) public {
        require(msg.sender == rewarder);
        to.transfer(address(this).balance);
    }
    %s
}
"""
RESET = "function reset() external { require(msg.sender == rewarder); initialTimestamp = 0; }"
RESET_04 = "function reset() public { require(msg.sender == rewarder); initialTimestamp = 0; }"


def test_initialiser_latched_by_the_time_is_low_confidence_08() -> None:
    assert _hits(LATCH_08 % ("initialTimestamp == 0", "block.timestamp", ""), "unprotected-owner-write") == [
        (12, "high", "low")
    ]


def test_initialiser_latched_by_a_checked_parameter_is_low_confidence_08() -> None:
    src = LATCH_08 % ("avatar == Avatar(address(0))", "0", "")
    assert _hits(src, "unprotected-owner-write") == [(12, "high", "low")]


def test_latch_another_function_resets_stays_08() -> None:
    src = LATCH_08 % ("initialTimestamp == 0", "block.timestamp", RESET)
    assert _hits(src, "unprotected-owner-write") == [(12, "high", "medium")]


def test_latch_set_to_a_possibly_zero_value_stays_08() -> None:
    src = LATCH_08 % ("initialTimestamp == 0", "uint256(uint160(_rewarder))", "")
    assert _hits(src, "unprotected-owner-write") == [(12, "high", "medium")]


def test_initialiser_latched_by_the_time_is_low_confidence_04() -> None:
    assert _hits(LATCH_04 % ("initialTimestamp == 0", "now", ""), "unprotected-owner-write") == [(12, "high", "low")]


def test_initialiser_latched_by_a_checked_parameter_is_low_confidence_04() -> None:
    assert _hits(LATCH_04 % ("avatar == Avatar(0)", "0", ""), "unprotected-owner-write") == [(12, "high", "low")]


def test_latch_another_function_resets_stays_04() -> None:
    src = LATCH_04 % ("initialTimestamp == 0", "now", RESET_04)
    assert _hits(src, "unprotected-owner-write") == [(12, "high", "medium")]


# --- a signed serialised message that carries its own nonce ---------------------------------------

RAW_08 = """pragma solidity ^0.8.20;
interface IHub { function penalize(address worker, address payable beneficiary) external; }
contract Penalizer {
    struct Transaction { uint256 nonce; address to; uint256 value; bytes data; }
    function decode(bytes memory raw) private pure returns (Transaction memory t) {
        %s
    }
    function recover(bytes32 h, uint8 v, bytes32 r, bytes32 s) private pure returns (address) {
        return ecrecover(h, v, r, s);
    }
    function penalizeRepeated(bytes memory tx1, uint8 v1, bytes32 r1, bytes32 s1,
                              bytes memory tx2, uint8 v2, bytes32 r2, bytes32 s2, IHub hub) external {
        address a1 = ecrecover(keccak256(abi.encodePacked(tx1)), v1, r1, s1);
        address a2 = ecrecover(keccak256(abi.encodePacked(tx2)), v2, r2, s2);
        require(a1 == a2 && a1 != address(0), "signers");
        Transaction memory d1 = decode(tx1);
        Transaction memory d2 = decode(tx2);
        require(keccak256(d1.data) != keccak256(d2.data), "equal");
        hub.penalize(a1, payable(msg.sender));
    }
}
"""
WITH_NONCE = "(t.nonce, t.to, t.value, t.data) = abi.decode(raw, (uint256, address, uint256, bytes));"
NO_NONCE = "(t.to, t.value, t.data) = abi.decode(raw, (address, uint256, bytes));"

RAW_04 = """pragma solidity ^0.4.24;
contract Hub { function penalize(address worker, address beneficiary) public; }
contract Penalizer {
    function firstWord(bytes raw) private pure returns (uint256 %s) {
        %s = uint256(raw[0]);
    }
    function penalizeIllegal(bytes raw, uint8 v, bytes32 r, bytes32 s, Hub hub) public {
        require(firstWord(raw) > 0);
        address relay = ecrecover(keccak256(raw), v, r, s);
        require(relay != address(0));
        hub.penalize(relay, msg.sender);
    }
}
"""


def test_signed_raw_transaction_carries_its_nonce_08() -> None:
    hits = _hits(RAW_08 % WITH_NONCE, "signature-replay")
    assert [h[0] for h in hits] == [13, 14]
    assert all(sev == "medium" and conf == "low" for _, sev, conf in hits)  # the chain id is still missing


def test_signed_bytes_decoded_without_a_nonce_stay_08() -> None:
    assert _hits(RAW_08 % NO_NONCE, "signature-replay") == [(13, "high", "medium"), (14, "high", "medium")]


def test_signed_raw_transaction_carries_its_nonce_04() -> None:
    assert _hits(RAW_04 % ("nonce", "nonce"), "signature-replay") == [(9, "medium", "low")]


def test_signed_bytes_decoded_without_a_nonce_stay_04() -> None:
    assert _hits(RAW_04 % ("word", "word"), "signature-replay") == [(9, "high", "medium")]


# --- a loop calling the own controller over a list only a one-shot initialiser fills ----------------

LOOP_08 = """pragma solidity ^0.8.20;
interface Controller { function genericCall(address to, bytes calldata data) external returns (bool); }
interface Avatar { function owner() external view returns (address); }
contract Transition {
    Avatar public avatar;
    address[] public assets;
    function initialize(Avatar _avatar, address[] calldata _assets) external {
        require(avatar == Avatar(address(0)), "once");
        require(_avatar != Avatar(address(0)), "zero");
        avatar = _avatar;
        assets = _assets;
    }
    %s
    function transferAll() external {
        for (uint256 i = 0; i < assets.length; i++) {
            Controller controller = Controller(avatar.owner());
            require(controller.genericCall(assets[i], ""), "failed");
        }
    }
}
"""
ADD_08 = "function addAsset(address a) external { assets.push(a); }"

LOOP_04 = """pragma solidity ^0.4.24;
contract Controller { function genericCall(address to, bytes data) public returns (bool); }
contract Avatar { address public owner; }
contract Transition {
    Avatar public avatar;
    address[] public assets;
    function initialize(Avatar _avatar, address[] _assets) public {
        require(avatar == Avatar(0));
        require(_avatar != Avatar(0));
        avatar = _avatar;
        assets = _assets;
    }
    %s
    function transferAll() public {
        for (uint256 i = 0; i < assets.length; i++) {
            require(Controller(avatar.owner()).genericCall(assets[i], ""));
        }
    }
}
"""
ADD_04 = "function addAsset(address a) public { assets.push(a); }"


def _loop(src: str) -> list[tuple[int, str, str]]:
    return [h for h in _hits(src, "call-in-loop") if h[1] != "low"]


def test_loop_over_a_list_an_initialiser_fills_is_low_08() -> None:
    assert _loop(LOOP_08 % "") == []
    assert {h[1:] for h in _hits(LOOP_08 % "", "call-in-loop")} == {("low", "low")}


def test_loop_over_a_list_anyone_grows_stays_08() -> None:
    assert (17, "medium", "medium") in _loop(LOOP_08 % ADD_08)


def test_loop_over_a_list_an_initialiser_fills_is_low_04() -> None:
    assert _loop(LOOP_04 % "") == []


def test_loop_over_a_list_anyone_grows_stays_04() -> None:
    assert (16, "medium", "medium") in _loop(LOOP_04 % ADD_04)


# --- an array capped by a record field every write keeps under a constant ----------------------------

CAPPED_08 = """pragma solidity ^0.8.20;
contract Competition {
    uint256 public constant MAX_WINNERS = 100;
    struct Proposal { uint256 winners; uint256[] top; }
    mapping(bytes32 => Proposal) internal proposals;
    function propose(bytes32 id, uint256 winners) external {
        %s
        proposals[id].winners = winners;
    }
    function vote(bytes32 id, uint256 s) external {
        uint256[] storage top = proposals[id].top;
        uint256 len = top.length;
        if (len < proposals[id].winners) {
            for (uint256 i = 0; i < len; i++) {
                if (top[i] == s) {
                    return;
                }
            }
            top.push(s);
        }
    }
}
"""
CAPPED_04 = """pragma solidity ^0.4.24;
contract Competition {
    uint256 public constant MAX_WINNERS = 100;
    struct Proposal { uint256 winners; uint256[] top; }
    mapping(bytes32 => Proposal) proposals;
    function propose(bytes32 id, uint256 winners) public {
        %s
        proposals[id].winners = winners;
    }
    function vote(bytes32 id, uint256 s) public {
        uint256 len = proposals[id].top.length;
        if (len < proposals[id].winners) {
            for (uint256 i = 0; i < len; i++) {
                if (proposals[id].top[i] == s) {
                    return;
                }
            }
            proposals[id].top.push(s);
        }
    }
}
"""
CHECKED = 'require(winners <= MAX_WINNERS, "too many");'
CHECKED_04 = "require(winners <= MAX_WINNERS);"


def _loops(src: str) -> list[tuple[int, str, str]]:
    return [h for h in _hits(src, "unbounded-loop") if h[1] != "low"]


def test_array_capped_by_a_checked_field_is_bounded_08() -> None:
    assert _loops(CAPPED_08 % CHECKED) == []


def test_array_capped_by_a_callers_number_stays_08() -> None:
    assert _loops(CAPPED_08 % "") == [(14, "medium", "medium")]


def test_array_capped_by_a_checked_field_is_bounded_04() -> None:
    assert _loops(CAPPED_04 % CHECKED_04) == []


def test_array_capped_by_a_callers_number_stays_04() -> None:
    assert _loops(CAPPED_04 % "") == [(13, "medium", "medium")]


LATCH_VY = """# @version ^0.3.9
owner: public(address)
started: public(uint256)

@external
def initialize(_owner: address):
    assert self.started == 0
    self.started = %s
    self.owner = _owner

@external
def withdraw():
    assert msg.sender == self.owner
    send(msg.sender, self.balance)
"""


def _vy(src: str) -> list[tuple[int, str, str]]:
    found = scan_source(src, "c.vy")
    return [(f.line, f.severity, f.confidence) for f in found if f.detector == "unprotected-owner-write"]


def test_initialiser_latched_by_the_time_is_low_confidence_vyper() -> None:
    assert _vy(LATCH_VY % "block.timestamp") == [(9, "high", "low")]


def test_latch_set_to_a_possibly_zero_value_stays_vyper() -> None:
    assert _vy(LATCH_VY % "0") == [(9, "high", "medium")]
