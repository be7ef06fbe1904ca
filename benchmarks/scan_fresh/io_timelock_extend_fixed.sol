pragma solidity 0.5.16;

contract TimeLockedWallet {
    mapping(address => uint256) public balance;
    mapping(address => uint256) public unlockAt;

    function lock(uint256 duration) external payable {
        balance[msg.sender] += msg.value;
        require(now + duration >= now, "overflow");
        if (unlockAt[msg.sender] < now + duration) {
            unlockAt[msg.sender] = now + duration;
        }
    }

    function extendLock(uint256 extra) external {
        uint256 next = unlockAt[msg.sender] + extra;
        require(next >= unlockAt[msg.sender], "overflow");
        unlockAt[msg.sender] = next;
    }

    function withdraw() external {
        require(now >= unlockAt[msg.sender], "locked");
        uint256 amount = balance[msg.sender];
        balance[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
