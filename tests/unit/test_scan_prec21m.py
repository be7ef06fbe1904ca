"""Round 21, arithmetic, access and the rest (round21h, helper prec21m): the facts an auditor uses, on the IR.

* An external call handed the caller *and* a function's selector (`acl.allowed(msg.sender, address(this),
  this.setMinter.selector)`, `msg.sig`, also through an internal helper's parameter) asks whether this caller
  may call that function: a caller check (callers._asks_permission), whatever the interface's mutability.
* `a - k == y % m` with `a` a `uintN`: a wrap gives at least `2**N - k`, above every remainder below `m`,
  so the comparison cannot be fooled by the wrap (_harmless._below_wrap).
* `t % p` next to `t / p` (whole periods and the way into the current one) or only subtracted from the block
  time (the start of the current window): a schedule, not a die roll (_quiet._split).
* An internal helper that writes a record only at a fresh counter value it then moves past
  (`channels[nextId] = ..; nextId += 1;`) creates an entry; it changes no existing authority
  (_authwrites.auth_writers with _authflow.fresh_key_write).
* A flattened file joining `^0.8.0` with `>=0.6` is built by a 0.8 compiler: one compiler satisfies every
  pragma of a file, so the file's version is the highest lower bound (_solidity._pragma).

Each benign contract has a vulnerable twin that still fires; the contracts are written for these tests.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str) -> list[tuple[int, str]]:
    return [(f.line, f.severity) for f in scan_source(src, "t.sol") if f.detector == detector]


def _high_medium(src: str, detector: str) -> list[int]:
    return [line for line, sev in _hits(src, detector) if sev in ("high", "medium")]


# -- 1. an access-control contract asked about the caller and the function ------------------------------

ACL = """pragma solidity PRAGMA;
interface IACL { function allowed(address who, address where, bytes4 sig) external returns (bool); }
contract Core {
    IACL public acl;
    address public owner;
    address public minter;
    uint256 public minted;
    constructor(IACL a) public { acl = a; owner = msg.sender; }
    function aclAllowed(address who, address where, bytes4 sig) public returns (bool) {
        return owner != address(0) && acl.allowed(who, where, sig);
    }
    function _onlyAdmin(bytes4 sig) internal { require(aclAllowed(WHO, address(this), sig), "acl"); }
    function setMinter(address m) external {
        _onlyAdmin(this.setMinter.selector);
        minter = m;
    }
    function setMinterDirect(address m) external {
        require(acl.allowed(WHO, address(this), msg.sig), "acl");
        minter = m;
    }
    function mint() external { require(msg.sender == minter, "minter"); minted += 1; }
}
"""


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_acl_asked_about_caller_and_selector_is_a_caller_check(pragma: str) -> None:
    src = ACL.replace("PRAGMA", pragma).replace("WHO", "msg.sender")
    if pragma.startswith("0.8"):
        src = src.replace("constructor(IACL a) public", "constructor(IACL a)")
    assert _high_medium(src, "unprotected-owner-write") == []


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_acl_asked_about_someone_else_stays(pragma: str) -> None:
    # the question names an address the caller picks (`tx.origin` compared nowhere): it restricts nobody
    src = ACL.replace("PRAGMA", pragma).replace("WHO", "m")
    if pragma.startswith("0.8"):
        src = src.replace("constructor(IACL a) public", "constructor(IACL a)")
    assert sorted(_high_medium(src, "unprotected-owner-write")) == [15, 19]


def test_mutating_call_about_the_caller_without_selector_stays() -> None:
    # handing the caller to a mutating call (a transfer, a registration) is no permission check
    src = ACL.replace("PRAGMA", "0.8.17").replace("constructor(IACL a) public", "constructor(IACL a)")
    src = src.replace("acl.allowed(WHO, address(this), msg.sig)", "acl.allowed(msg.sender, address(this), bytes4(0))")
    src = src.replace("WHO", "msg.sender")
    assert _high_medium(src, "unprotected-owner-write") == [19]


# -- 2. an unchecked difference compared with a remainder --------------------------------------------

INVOCATIONS = """pragma solidity PRAGMA;
interface IFilter { function mint(address to, uint256 p) external returns (uint256); }
contract Minter {
    uint256 constant ONE_MILLION = 1_000_000;
    struct Config { bool maxed; uint24 maxInvocations; }
    mapping(uint256 => Config) public config;
    IFilter public filter;
    function setMax(uint256 p, uint24 m) external { config[p].maxInvocations = m; }
    function purchase(uint256 p) external payable returns (uint256 tokenId) {
        Config storage c = config[p];
        require(!c.maxed);
        tokenId = filter.mint(msg.sender, p);
        OPEN
            if (TOKEN == c.maxInvocations - 1) {
                c.maxed = true;
            }
        CLOSE
    }
}
"""


def _inv(pragma: str, token: str) -> str:
    unchecked = pragma.startswith("0.8")
    return (
        INVOCATIONS.replace("PRAGMA", pragma)
        .replace("TOKEN", token)
        .replace("OPEN", "unchecked {" if unchecked else "{")
        .replace("CLOSE", "}")
    )


@pytest.mark.parametrize("pragma", ["0.7.6", "0.8.17"])
def test_wrapped_difference_above_every_remainder_is_quiet(pragma: str) -> None:
    assert _high_medium(_inv(pragma, "tokenId % ONE_MILLION"), "integer-overflow") == []


@pytest.mark.parametrize("pragma", ["0.7.6", "0.8.17"])
def test_remainder_that_reaches_the_wrap_stays(pragma: str) -> None:
    # 2**24 - 1 is below 10**8: a token id can equal the wrapped value
    assert _high_medium(_inv(pragma, "tokenId % 100_000_000"), "integer-overflow") == [14]


@pytest.mark.parametrize("pragma", ["0.7.6", "0.8.17"])
def test_difference_compared_with_an_unbounded_value_stays(pragma: str) -> None:
    assert _high_medium(_inv(pragma, "tokenId"), "integer-overflow") == [14]


# -- 3. a time split into whole periods and the way into the current one ---------------------------------

AUCTION = """pragma solidity PRAGMA;
contract Auction {
    struct Params { uint64 start; uint64 halfLife; uint128 startPrice; uint128 basePrice; }
    mapping(uint256 => Params) public params;
    mapping(uint256 => uint256) public lastPaid;
    uint256 public created;
    uint256 public period;
    function configure(uint256 id, uint64 s, uint64 h, uint128 p0, uint128 p1) external {
        params[id] = Params(s, h, p0, p1);
    }
    function price(uint256 id) public view returns (uint256) {
        Params storage p = params[id];
        require(NOW > p.start && p.halfLife > 0);
        uint256 elapsed = NOW - p.start;
        uint256 decayed = p.startPrice;
        decayed >>= elapsed / p.halfLife;
        decayed -= (decayed * (elapsed % p.halfLife)) / p.halfLife / 2;
        if (decayed < p.basePrice) return p.basePrice;
        return decayed;
    }
    function buy(uint256 id) external payable { require(msg.value >= price(id)); }
    function due(uint256 id) public view returns (bool) {
        uint256 since = NOW - created;
        uint256 into = since % period;
        uint256 windowStart = NOW - into;
        return lastPaid[id] < windowStart;
    }
}
"""

LOTTERY = """pragma solidity PRAGMA;
contract Lottery {
    address payable[] public players;
    uint256 public start;
    function enter() external payable { require(msg.value == 1 ether); players.push(msg.sender); }
    function draw() external {
        uint256 winner = (NOW - start) % players.length;
        players[winner].transfer(address(this).balance);
        start = NOW;
    }
}
"""


@pytest.mark.parametrize(("pragma", "now"), [("0.5.17", "now"), ("0.8.17", "block.timestamp")])
def test_time_split_into_periods_is_no_draw(pragma: str, now: str) -> None:
    src = AUCTION.replace("PRAGMA", pragma).replace("NOW", now)
    assert _high_medium(src, "bad-randomness") == []
    assert _high_medium(src, "timestamp-dependence") == []


@pytest.mark.parametrize(("pragma", "now"), [("0.5.17", "now"), ("0.8.17", "block.timestamp")])
def test_elapsed_time_modulo_picking_a_winner_stays(pragma: str, now: str) -> None:
    src = LOTTERY.replace("PRAGMA", pragma).replace("NOW", now)
    assert _high_medium(src, "bad-randomness") == [7]


# -- 4. a helper that creates an entry at a fresh counter value ------------------------------------------

ESCROW = """pragma solidity PRAGMA;
contract Escrow {
    struct Channel { address sender; address recipient; uint256 value; }
    mapping(uint256 => Channel) public channels;
    mapping(address => uint256) public balances;
    uint256 public nextChannelId;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function _open(KEYPARAMaddress sender, address recipient, uint256 value) private returns (bool) {
        require(balances[msg.sender] >= value);
        channels[KEY] = Channel({sender: sender, recipient: recipient, value: value});
        balances[msg.sender] -= value;
        nextChannelId += 1;
        return true;
    }
    function open(KEYPARAMaddress recipient, uint256 value) external {
        require(_open(KEYARGmsg.sender, recipient, value));
    }
    function extend(uint256 id) external payable {
        require(msg.sender == channels[id].sender);
        channels[id].value += msg.value;
    }
}
"""


def _escrow(pragma: str, fresh: bool) -> str:
    return (
        ESCROW.replace("PRAGMA", pragma)
        .replace("KEYPARAM", "" if fresh else "uint256 id, ")
        .replace("KEYARG", "" if fresh else "id, ")
        .replace("KEY", "nextChannelId" if fresh else "id")
    )


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_helper_creating_an_entry_at_a_fresh_id_is_quiet(pragma: str) -> None:
    assert _high_medium(_escrow(pragma, True), "unprotected-owner-write") == []


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_helper_writing_a_chosen_entry_stays(pragma: str) -> None:
    # anyone overwrites the sender of an existing channel
    assert _high_medium(_escrow(pragma, False), "unprotected-owner-write") == [16]


# -- 5. a flattened file is built by one compiler ---------------------------------------------------------

FLAT = """pragma solidity FIRST;
library Math { function max(uint256 a, uint256 b) internal pure returns (uint256) { return a > b ? a : b; } }
pragma solidity SECOND;
contract Pool {
    mapping(address => uint256) public balances;
    uint256 public total;
    function deposit(uint256 amount) external {
        balances[msg.sender] += amount;
        total += amount;
    }
    function withdraw(uint256 amount) external {
        balances[msg.sender] -= amount;
        total -= amount;
    }
}
"""


def test_flattened_file_with_a_08_pragma_is_checked() -> None:
    src = FLAT.replace("FIRST", ">=0.6").replace("SECOND", "^0.8.0")
    assert _high_medium(src, "integer-overflow") == []


def test_flattened_file_below_08_stays() -> None:
    src = FLAT.replace("FIRST", ">=0.6").replace("SECOND", "^0.7.0")
    assert _high_medium(src, "integer-overflow") != []


# -- 6. a library's state-changing function runs only by DELEGATECALL ------------------------------------

UPGRADE = """pragma solidity PRAGMA;
KIND Upgrade {
    event Upgraded(address impl);
    function upgrade(address impl, bytes memory params) public {
        (bool ok, ) = impl.delegatecall(abi.encodeWithSignature("initialize(bytes)", params));
        require(ok);
        emit Upgraded(impl);
    }
    function destroy(address payable to) public {
        selfdestruct(to);
    }
}
"""


@pytest.mark.parametrize("pragma", ["0.5.17", "0.8.17"])
def test_library_function_runs_behind_its_callers_checks(pragma: str) -> None:
    src = UPGRADE.replace("PRAGMA", pragma).replace("KIND", "library")
    assert _high_medium(src, "unprotected-delegatecall") == []
    assert _high_medium(src, "unprotected-selfdestruct") == []


@pytest.mark.parametrize("pragma", ["0.5.17", "0.8.17"])
def test_contract_function_delegatecalling_a_chosen_address_stays(pragma: str) -> None:
    src = UPGRADE.replace("PRAGMA", pragma).replace("KIND", "contract")
    assert _high_medium(src, "unprotected-delegatecall") == [5]
    assert _high_medium(src, "unprotected-selfdestruct") == [10]


# -- 7. an entry set up while nobody holds it --------------------------------------------------------------

QUESTIONS = """pragma solidity PRAGMA;
contract Oracle {
    struct Question { address arbitrator; uint32 timeout; bytes32 answer; bool pending; }
    mapping(bytes32 => Question) public questions;
    modifier notCreated(bytes32 id) { if (questions[id].timeout != 0) revert(); _; }
    modifier onlyArbitrator(bytes32 id) { require(msg.sender == questions[id].arbitrator); _; }
    function ask(address arbitrator, uint32 timeout, uint256 nonce) external returns (bytes32 id) {
        id = keccak256(abi.encodePacked(arbitrator, timeout, msg.sender, nonce));
        _ask(id, arbitrator, timeout);
    }
    function _ask(bytes32 id, address arbitrator, uint32 timeout) internal notCreated(id) {
        CHECK
        questions[id].timeout = timeout;
        questions[id].arbitrator = arbitrator;
    }
    function submitAnswerByArbitrator(bytes32 id, bytes32 answer) external onlyArbitrator(id) {
        questions[id].answer = answer;
        questions[id].pending = false;
    }
    EXTRA
}
"""


def _questions(pragma: str, check: str = "if (timeout == 0) revert();", extra: str = "") -> str:
    return QUESTIONS.replace("PRAGMA", pragma).replace("CHECK", check).replace("EXTRA", extra)


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_setting_up_an_absent_entry_is_quiet(pragma: str) -> None:
    assert _high_medium(_questions(pragma), "unprotected-owner-write") == []


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_marker_that_may_stay_zero_stays(pragma: str) -> None:
    # `timeout` 0 leaves the entry absent: anyone may re-ask it and replace its arbitrator
    assert _high_medium(_questions(pragma, check=""), "unprotected-owner-write") == [9]


@pytest.mark.parametrize("pragma", ["0.6.12", "0.8.17"])
def test_entry_whose_marker_is_reset_stays(pragma: str) -> None:
    # the marker back at zero with the arbitrator still set: the entry reads as absent while someone holds it
    extra = "function reopen(bytes32 id) external onlyArbitrator(id) { questions[id].timeout = 0; }"
    assert _high_medium(_questions(pragma, extra=extra), "unprotected-owner-write") == [9]
